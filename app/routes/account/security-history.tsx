// What happened to the account recently (sign-ins, password changes…), newest first.
type SecurityEvent = { id: string; label: string; detail: string | null; date: string; createdAt: string };

export function SecurityHistory({ events }: { events: SecurityEvent[] }) {
  return (
    <section aria-labelledby="history-title" className="space-y-4">
      <h2 id="history-title" className="text-2xl font-semibold">
        Security history
      </h2>
      <p className="text-sm text-stone-700">What happened to your account recently, newest first.</p>
      {events.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ol className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
          {events.map((e) => (
            <li key={e.id} className="flex flex-wrap gap-x-4 p-3">
              <time dateTime={e.createdAt} className="w-32 shrink-0 text-stone-700">
                {e.date}
              </time>
              <span>
                <span className="font-medium">{e.label}</span>
                {e.detail ? <span className="text-stone-700"> — {e.detail}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
