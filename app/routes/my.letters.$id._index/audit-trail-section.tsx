// What happened to the letter, newest first, as the domain made it ready to show
// (app/domain/letters/audit-trail.server.ts: signature lines only once their day is over).
import type { DashboardData } from "./route";

export function AuditTrailSection({ audit }: { audit: DashboardData["audit"] }) {
  return (
    <section aria-labelledby="audit-title" className="space-y-3">
      <h2 id="audit-title" className="text-2xl font-semibold">
        What happened
      </h2>
      <p className="text-sm text-stone-700">
        Newest first. Signatures appear once a day is over, as one line per day: never who, never how many.
      </p>
      {audit.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ol className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
          {audit.map((row) => (
            <li key={row.key} className="flex flex-wrap gap-x-4 p-3">
              <time dateTime={row.day} className="w-40 shrink-0 text-stone-700">
                {row.date}
              </time>
              <span>{row.label}</span>
              {row.by ? <span className="text-stone-700">by {row.by}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
