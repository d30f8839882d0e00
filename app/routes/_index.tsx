import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { HowItWorks } from "~/components/how-it-works";
import { ProtectionBox } from "~/components/protection-box";

export const meta: MetaFunction = () => [
  { title: "Undersigned — sign together, safely" },
  {
    name: "description",
    content:
      "Write an open letter to your company with your colleagues. Every signer is verified as an employee, and names stay sealed until enough people have signed.",
  },
];

export default function Index() {
  return (
    <div className="space-y-16">
      <section aria-labelledby="intro-title" className="max-w-3xl">
        <h1 id="intro-title" className="text-3xl font-semibold tracking-tight text-ink sm:text-5xl">
          Sign together, safely.
        </h1>
        <p className="mt-6 text-lg text-stone-800 sm:text-xl">
          Undersigned helps the employees of a company write an open letter to their own company, and sign it without standing alone.
        </p>
        <p className="mt-4 text-stone-700">
          Each signer proves they work there with a one-time code sent to their work email, then signs under a pseudonymous line such as
          &ldquo;Engineer, Azure&rdquo;. Names stay sealed until the organizer&rsquo;s threshold of signatures is met; then they are
          revealed together, and the letter can be published to the press. If the threshold is missed by the deadline, everything is
          destroyed.
        </p>
        <div className="no-print mt-8 flex flex-wrap gap-3">
          <Link to="/signup" className="button button-primary">
            Start a letter
          </Link>
          <Link to="/login" className="button button-secondary">
            Log in
          </Link>
        </div>
        <p className="mt-6 rounded-md border-l-4 border-accent-600 bg-white py-3 pl-4 pr-3 text-stone-700">
          <strong className="font-semibold text-ink">Asked to sign a letter?</strong> You don&rsquo;t need an account. Open the private link
          you were given, on a personal device and network if you can.
        </p>
      </section>

      <div className="grid gap-12 lg:grid-cols-2 lg:gap-16">
        <HowItWorks id="how-it-works" />
        <div>
          <ProtectionBox id="how-you-are-protected" />
        </div>
      </div>

      <section aria-labelledby="why-title" className="max-w-3xl">
        <h2 id="why-title" className="text-2xl font-semibold tracking-tight">
          Why a threshold
        </h2>
        <p className="mt-4 text-stone-700">
          Nobody wants to be signer number three. Letters like the one Microsoft employees sent about the company&rsquo;s ICE contract in
          2018, or the one more than 4,000 Google employees signed against Project Maven, work because many people sign at once. Undersigned
          makes that the rule: no name is shown until enough colleagues stand beside it.
        </p>
      </section>
    </div>
  );
}
