import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useOutlet } from "@remix-run/react";
import { LetterText } from "~/components/letter-text";
import { ProtectionBox } from "~/components/protection-box";
import { AllowedDomains, NoteToSigners, PublicLines } from "~/components/signer-letter";
import { StatusPanel } from "~/components/status-panel";
import { TeamCounts } from "~/components/team-counts";
import { TrusteesPanel } from "~/components/trustees-panel";
import { acceptsSignatures, isClosed, LetterStatus } from "~/domain/letters/lifecycle";
import { trusteeModelFor } from "~/domain/letters/trustee-sealing.server";
import { viewLetterBySlug } from "~/domain/letters/view-letter.server";
import { trusteesForLetter } from "~/domain/trustees/trustees-for-letter.server";
import { NotFoundError } from "~/errors";

// The slug is a secret and the title names the letter: neither goes in the page
// title, which browsers sync to history services.
export const meta: MetaFunction = () => [{ title: "A letter — Undersigned" }, { name: "robots", content: "noindex" }];

// No Referer leaves this page either: server/web.js sends Referrer-Policy on every response (once).
export const headers: HeadersFunction = () => ({
  "Cache-Control": "no-store",
});

export async function loader({ params }: LoaderFunctionArgs) {
  const letter = await viewLetterBySlug(params.slug);
  if (!letter) throw new NotFoundError();
  return {
    signPath: letter.signPath,
    // Who must agree before any name is unsealed, and their keys' fingerprints (issue 15); null without trustees.
    trustees: await trusteesForLetter(letter.id),
    // k of n and the SHA-256 of the sealing code this server sends, for "How you are protected".
    trusteeModel: await trusteeModelFor(letter.id),
    letter: {
      status: letter.status,
      title: letter.title,
      addressee: letter.addressee,
      bodyHtml: letter.bodyHtml,
      organizationName: letter.organizationName,
      allowedDomains: letter.allowedDomains,
      threshold: letter.threshold,
      deadline: letter.deadline,
      noteToSigners: letter.noteToSigners,
      textHash: letter.textHash,
      // Already 0 below five (the domain never hands out 1–4).
      count: letter.count,
      countBatch: letter.countBatch,
      // While cooling off, as the last count batch showed it (decision 020); null otherwise.
      coolingOffEndsAt: letter.coolingOffEndsAt,
      // Per team, already suppressed (decision 018); null without teams or below five.
      teamCounts: letter.teamCounts,
      // None once the letter is closed: "nothing kept" shows no trace of its signers.
      publicLines: letter.publicLines,
    },
  };
}

export default function LetterPage() {
  // /l/$slug/sign is nested under this route (flat routes): the signing steps
  // replace the letter page rather than render inside it.
  const outlet = useOutlet();
  const { signPath, letter, trustees, trusteeModel } = useLoaderData<typeof loader>();
  if (outlet) return outlet;

  // A revealed letter still takes signatures until it is published.
  const open = acceptsSignatures(letter.status);
  const closed = isClosed(letter.status);
  return (
    // Phones: status first, then the letter. Wide screens: the letter, the status beside it.
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_20rem] lg:gap-12">
      <aside aria-label="Status and signing" className="space-y-4 lg:col-start-2 lg:row-start-1 lg:self-start">
        <StatusPanel letter={letter} audience="signer" />
        {letter.teamCounts ? <TeamCounts lines={letter.teamCounts} /> : null}
        {open ? (
          <div className="no-print space-y-3 rounded-lg border border-stone-300 bg-white p-5">
            <Link to={signPath} className="button button-primary w-full">
              Sign this letter
            </Link>
            <AllowedDomains domains={letter.allowedDomains} />
            <p className="text-sm text-stone-700">
              Three short steps: your work email, a code we send to it, then your signature. Use a personal device and network if you can.
            </p>
          </div>
        ) : (
          <p className="rounded-lg border border-stone-300 bg-white p-5">{closedSentence(letter.status)}</p>
        )}
        {trustees ? <TrusteesPanel trustees={trustees} /> : null}
      </aside>

      <div className="min-w-0 space-y-10 lg:col-start-1 lg:row-start-1">
        {closed ? (
          <p role="status" className="rounded-md border border-stone-400 bg-stone-100 p-4 text-stone-900">
            {closedSentence(letter.status)}
          </p>
        ) : null}
        {letter.noteToSigners && !closed ? <NoteToSigners note={letter.noteToSigners} /> : null}
        <LetterText {...letter} />
        {open ? (
          <p className="no-print">
            <Link to={signPath} className="button button-primary">
              Sign this letter
            </Link>
          </p>
        ) : null}
        {closed ? null : <PublicLines lines={letter.publicLines} countBatch={letter.countBatch} />}
        <ProtectionBox headingLevel={2} status={letter.status} trustees={trusteeModel} />
      </div>
    </div>
  );
}

function closedSentence(status: LetterStatus): string {
  switch (status) {
    case LetterStatus.EXPIRED:
      return "This letter expired before enough people signed. Nothing is kept: every sealed name was destroyed, and nobody ever saw them. It no longer collects signatures.";
    case LetterStatus.CANCELLED:
      return "The organizers cancelled this letter. Nothing is kept: every sealed name was destroyed, and nobody ever saw them. It no longer collects signatures.";
    case LetterStatus.REVEALED:
      return "Signing is closed: enough people signed, and the names were unsealed together. The organizers will review the letter before publishing it.";
    case LetterStatus.PUBLISHED:
      return "Signing is closed: this letter is published with its signatories.";
    case LetterStatus.DRAFT:
    case LetterStatus.OPEN:
    case LetterStatus.COOLING_OFF:
    case LetterStatus.AWAITING_TRUSTEES:
      return "This letter is not collecting signatures.";
  }
}
