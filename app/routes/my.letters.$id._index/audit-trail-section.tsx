// What happened to the letter, newest first, as the domain made it ready to show
// (app/domain/letters/audit-trail.server.ts: signature lines only once their day is over).
import { HistoryList } from "~/components/history-list";
import type { DashboardData } from "./route";

export function AuditTrailSection({ audit }: { audit: DashboardData["audit"] }) {
  return (
    <HistoryList
      id="audit-title"
      title="What happened"
      intro="Newest first. Signatures appear once a day is over, as one line per day: never who, never how many."
      rows={audit.map((row) => ({
        key: row.key,
        dateTime: row.day,
        date: row.date,
        what: (
          <>
            <span>{row.label}</span>
            {row.by ? <span className="text-stone-700">by {row.by}</span> : null}
          </>
        ),
      }))}
    />
  );
}
