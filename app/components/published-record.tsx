// The published record of a letter, as the public reads it: the letter with its
// date and fingerprint, how the signatures were checked, and the signatories. The
// public page renders it, and so do the press preview (embargoed, before
// publication) and the final review (as it will be published), so that what the
// press and the organizers are shown is what the public will see, word for word.
// Pages wrap it in their own layout; it renders the record's blocks side by side.
import type { ReactNode } from "react";
import { LetterText } from "~/components/letter-text";
import { SignatoryPager } from "~/components/signatory-table";
import type { SignatoryPage } from "~/domain/letters/signatory-pages";
import type { UnnamedRecord } from "~/publishing/snapshot.server";
import { unnamedTeamsLine } from "~/lib/unnamed-teams";

/** The record's fields a page shows besides its names (recordForPage in app/publishing/snapshot.server.ts). */
export type RecordForPage = {
  title: string;
  addressee: string;
  organizationName: string;
  bodyHtml: string;
  textHash: string;
  verificationStatement: string;
  count: number;
  /** Decision 019: the verified signers left unnamed; null when every signer is named. */
  unnamed: UnnamedRecord | null;
};

type Signatory = { name: string; title: string | null; publicLine: string | null; team?: string | null };

type Props = {
  record: RecordForPage;
  /** The day the record carries ("2026-12-03", "3 December 2026"); none in a preview, which is not published yet. */
  day: { iso: string; inWords: string } | null;
  /** Every name (the public page), or one page of them with links to the others. */
  names: Signatory[] | SignatoryPage<Signatory>;
  /** 1 where the letter is the page; 2 under a page's own <h1> (final review). */
  headingLevel?: 1 | 2;
  /** Said above the names (the press preview: the list may still shrink). */
  namesNote?: ReactNode;
};

export function PublishedRecord({ record, day, names, headingLevel = 1, namesNote }: Props) {
  return (
    <>
      <div className="rounded-lg border border-stone-300 bg-white p-6 sm:p-10 print:border-0 print:p-0">
        {day ? (
          <p className="mb-6 font-serif text-stone-700 print:text-black">
            <time dateTime={day.iso}>{day.inWords}</time>
          </p>
        ) : null}
        <LetterText {...record} headingLevel={headingLevel} />
      </div>

      <section aria-labelledby="verification-title" className="space-y-2 print:break-inside-avoid">
        <h2 id="verification-title" className="text-xl font-semibold">
          How the signatures were checked
        </h2>
        <p className="font-semibold">{record.verificationStatement}</p>
        <p className="text-stone-700 print:text-black">
          Each signatory proved the address with a one-time code sent to it; the address itself was not kept. Every signatory signed these
          exact words: the text fingerprint above is the SHA-256 of the title, addressee and body, and anyone can recompute it from the JSON
          record.
        </p>
      </section>

      <section aria-labelledby="signatories-title" className="space-y-3">
        <h2 id="signatories-title" className="text-xl font-semibold print:break-after-avoid">
          Signatories ({record.count.toLocaleString("en")})
        </h2>
        {namesNote}
        <Signatories names={names} />
        {record.unnamed ? (
          <p data-unnamed="">
            {record.unnamed.statement}
            {unnamedTeamsLine(record.unnamed) ? ` ${unnamedTeamsLine(record.unnamed)}` : null}
          </p>
        ) : null}
      </section>
    </>
  );
}

/** The names as the public page lists them; a page of them comes with links to the pages before and after. */
function Signatories({ names }: { names: Props["names"] }) {
  const page = Array.isArray(names) ? null : names;
  const rows = page ? page.rows : (names as Signatory[]);
  if (rows.length === 0) return <p>No signatories are listed.</p>;
  return (
    <>
      {page ? <SignatoryPager names={page} label="Pages of signatories" /> : null}
      {/* Thousands of rows: each is bare markup, styled from the list (no per-row classes or
          components), in one column on screen (columns make 10,000 rows slow to lay out). */}
      <ol
        start={page && page.first > 0 ? page.first + 1 : undefined}
        className="gap-8 print:columns-2 print:text-sm *:break-inside-avoid *:py-1 [&_b]:font-semibold [&_small]:block [&_small]:text-sm [&_small]:text-stone-700 print:[&_small]:text-black"
      >
        {rows.map((signatory, index) => (
          <li key={index}>
            <b>{signatory.name}</b>
            {signatory.title ? `, ${signatory.title}` : null}
            {signatory.team ? ` (${signatory.team})` : null}
            {signatory.publicLine ? <small>{signatory.publicLine}</small> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
