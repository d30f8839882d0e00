// Pieces of the signer's letter page and signing steps.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { ProtectionBox, type TrusteeModel } from "~/components/protection-box";
import { type LetterStatusFacts, StatusPanel } from "~/components/status-panel";

/** ["microsoft.com", "github.com"] → "@microsoft.com or @github.com". */
export function domainsInWords(domains: string[]) {
  const at = domains.map((d) => `@${d}`);
  if (at.length <= 1) return at.join("");
  return `${at.slice(0, -1).join(", ")} or ${at[at.length - 1]}`;
}

/** A sentence, so it reads well wherever it sits. */
export function AllowedDomains({ domains }: { domains: string[] }) {
  return (
    <p>
      Signers prove an address at <strong className="font-semibold">{domainsInWords(domains)}</strong>.
    </p>
  );
}

export function NoteToSigners({ note }: { note: string }) {
  return (
    <section aria-labelledby="note-to-signers" className="rounded-md border-l-4 border-accent-600 bg-white py-3 pl-4 pr-3">
      <h2 id="note-to-signers" className="font-semibold">
        A note from the organizers
      </h2>
      <p className="mt-1 whitespace-pre-line text-stone-800">{note}</p>
    </section>
  );
}

/**
 * The pseudonymous lines: no names, no times, in an order unrelated to signing
 * (the domain sorts them by a random key), moving only in batches.
 */
export function PublicLines({ lines, countBatch }: { lines: string[]; countBatch: string }) {
  return (
    <section aria-labelledby="public-lines">
      <h2 id="public-lines" className="text-xl font-semibold">
        Signed so far
      </h2>
      <p className="mt-1 text-sm text-stone-700">
        The public lines signers chose to show: no names, no times, in no particular order. New signatures appear in batches, about{" "}
        {countBatch}. Signers who left the line empty are counted but not listed.
      </p>
      {lines.length > 0 ? (
        // role="list": Safari drops list semantics from lists styled without markers.
        <ul role="list" className="mt-4 grid gap-2 sm:grid-cols-2">
          {lines.map((line, index) => (
            <li key={index} className="rounded-md border border-stone-200 bg-white px-3 py-2">
              {line}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-4 rounded-md border border-dashed border-stone-300 bg-white px-3 py-2 text-stone-700">
          No public lines are listed yet. Yours can be among the first: it shows a role or team, never your name.
        </p>
      )}
    </section>
  );
}

const STEPS = ["Your work email", "The code", "Your signature"] as const;

type SigningStepProps = {
  /** 1, 2 or 3. */
  step: 1 | 2 | 3;
  heading: string;
  letterTitle: string;
  letterPath: string;
  /** The letter's state, shown beside every step with "How you are protected". */
  letter: LetterStatusFacts;
  /** One short line: what happens after this step. */
  next: ReactNode;
  children: ReactNode;
  /** A letter with trustees: "How you are protected" says what a signer then trusts. */
  trustees?: TrusteeModel | null;
};

/** Every signing step says where the signer is, what they are signing and what comes next. */
export function SigningStep({ step, heading, letterTitle, letterPath, letter, next, children, trustees }: SigningStepProps) {
  return (
    // Phones: the step first, then the status and the protections. Wide screens: side by side.
    <div className="grid gap-10 lg:grid-cols-[minmax(0,1fr)_20rem] lg:gap-12">
      <div className="form-card min-w-0">
        <nav aria-label="Signing steps" className="no-print">
          <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">
            Step {step} of {STEPS.length}
          </p>
          <ol role="list" className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {STEPS.map((label, index) => (
              <li
                key={label}
                aria-current={index + 1 === step ? "step" : undefined}
                className={index + 1 === step ? "font-semibold text-ink underline decoration-2" : "text-stone-700"}
              >
                {index + 1}. {label}
              </li>
            ))}
          </ol>
        </nav>
        <h1 className="text-3xl font-bold">{heading}</h1>
        <p>
          You are signing <Link to={letterPath}>&ldquo;{letterTitle}&rdquo;</Link>.
        </p>
        <p className="rounded-md bg-stone-100 px-3 py-2 text-stone-800">
          <strong className="font-semibold">Next:</strong> {next}
        </p>
        {children}
      </div>
      <aside aria-label="Status and protections" className="no-print space-y-4 lg:self-start">
        <StatusPanel letter={letter} audience="signer" />
        <ProtectionBox headingLevel={2} status={letter.status} trustees={trustees} />
      </aside>
    </div>
  );
}
