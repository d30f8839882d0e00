// What happened to the account recently (sign-ins, password changes…), newest first.
import { HistoryList } from "~/components/history-list";

type SecurityEvent = { id: string; label: string; detail: string | null; date: string; createdAt: string };

export function SecurityHistory({ events }: { events: SecurityEvent[] }) {
  return (
    <HistoryList
      id="history-title"
      title="Security history"
      intro="What happened to your account recently, newest first."
      rows={events.map((e) => ({
        key: e.id,
        dateTime: e.createdAt,
        date: e.date,
        what: (
          <span>
            <span className="font-medium">{e.label}</span>
            {e.detail ? <span className="text-stone-700"> — {e.detail}</span> : null}
          </span>
        ),
      }))}
    />
  );
}
