import { useId } from "react";

const steps = [
  {
    title: "Draft",
    text: "An organizer writes the letter: who it is addressed to, what it asks, which work-email domains count, how many signatures unseal the names, and a deadline.",
  },
  {
    title: "Open and share the private link",
    text: "Opening freezes the text, so everyone signs the same words. Share the link person to person, not on work channels.",
  },
  {
    title: "Colleagues verify and sign",
    text: "Each signer types a one-time code sent to their work email, then signs with a public line such as “Engineer, Azure” and a sealed name. No account needed.",
  },
  {
    title: "Threshold met: names unsealed",
    text: "When enough colleagues have signed, all the names are revealed together. Nobody stands alone.",
  },
  {
    title: "Publish",
    text: "The organizers review the letter, can show it to named journalists under embargo, then publish it with its signatories.",
  },
] as const;

/** The letter's life in five steps, for the landing page. */
export function HowItWorks({ id }: { id?: string }) {
  const headingId = useId();
  return (
    <section id={id} aria-labelledby={headingId}>
      <h2 id={headingId} className="text-2xl font-semibold tracking-tight">
        How it works
      </h2>
      {/* role="list": Safari drops list semantics from lists styled without markers. */}
      <ol role="list" className="mt-6 space-y-5">
        {steps.map((step, index) => (
          <li key={step.title} className="flex gap-4">
            <span
              aria-hidden="true"
              className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-accent-700 font-semibold text-white"
            >
              {index + 1}
            </span>
            <div className="min-w-0">
              <h3 className="font-semibold text-ink">{step.title}</h3>
              <p className="mt-1 text-stone-700">{step.text}</p>
            </div>
          </li>
        ))}
      </ol>
      <p className="mt-6 text-stone-700">
        If the deadline passes before the threshold is met, the letter expires and every sealed name is destroyed.
      </p>
    </section>
  );
}
