// The list of unsealed signatories on the dashboard, and the pager that pages
// through long lists (the dashboard, and the final review and press preview through
// <PublishedRecord>).
import { type Column, DataTable } from "~/components/data-table";

type Signatory = { name: string; title: string | null; publicLine: string | null };

const columns: Column<Signatory>[] = [
  { header: "Name", cell: (s) => s.name },
  { header: "Title", cell: (s) => s.title ?? "—" },
  { header: "Public line", cell: (s) => s.publicLine ?? "—" },
];

export function SignatoryTable({ signatories, caption }: { signatories: Signatory[]; caption: string }) {
  return <DataTable label="Table of signatories" caption={caption} columns={columns} rows={signatories} rowKey={(_, index) => index} />;
}

type PageInfo = { total: number; page: number; pageCount: number; first: number; rows: unknown[] };

/**
 * "Names 501–1,000 of 100,000", with links to the pages before and after: plain
 * links (?names=N), so paging works without JavaScript. Nothing when one page holds all.
 */
export function SignatoryPager({ names, label }: { names: PageInfo; label: string }) {
  if (names.pageCount <= 1) return null;
  const from = (names.first + 1).toLocaleString("en");
  const to = (names.first + names.rows.length).toLocaleString("en");
  const link =
    "inline-flex min-h-11 items-center rounded-md border border-stone-400 bg-white px-4 font-semibold underline-offset-4 hover:underline";
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-3">
      <p>
        Names {from}–{to} of {names.total.toLocaleString("en")}, by name.
      </p>
      {names.page > 1 ? (
        <a className={link} href={`?names=${names.page - 1}`}>
          Previous page of names
        </a>
      ) : null}
      {names.page < names.pageCount ? (
        <a className={link} href={`?names=${names.page + 1}`}>
          Next page of names
        </a>
      ) : null}
    </nav>
  );
}
