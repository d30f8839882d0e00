// A dated history, newest first: the account's security events and a letter's audit
// trail are the same shape of page section, told apart only by their rows.
import type { ReactNode } from "react";

export type HistoryRow = { key: string; dateTime: string; date: string; what: ReactNode };

type Props = { id: string; title: string; intro: string; rows: HistoryRow[] };

export function HistoryList({ id, title, intro, rows }: Props) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-2xl font-semibold">
        {title}
      </h2>
      <p className="text-sm text-stone-700">{intro}</p>
      {rows.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ol className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
          {rows.map((row) => (
            <li key={row.key} className="flex flex-wrap gap-x-4 p-3">
              <time dateTime={row.dateTime} className="w-40 shrink-0 text-stone-700">
                {row.date}
              </time>
              {row.what}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
