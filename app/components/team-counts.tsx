// The per-team counts beside a letter's status (decision 018). Hidden counts read
// "not shown", with one sentence why, so a signer in a small team sees that it
// protects them rather than that something is missing.
import type { TeamCountLine } from "~/domain/letters/team-counts.server";

export function TeamCounts({ lines }: { lines: TeamCountLine[] }) {
  return (
    <section aria-labelledby="team-counts" className="rounded-lg border border-stone-300 bg-white p-5">
      <h2 id="team-counts" className="text-sm font-semibold uppercase tracking-wide text-stone-700">
        By team
      </h2>
      <dl className="mt-2 space-y-1">
        {lines.map(({ team, count }) => (
          <div key={team ?? ""} className="flex justify-between gap-4">
            <dt>{team ?? "Prefer not to say"}</dt>
            <dd className={count === null ? "text-stone-600" : "font-semibold"}>
              {count === null ? "not shown" : count.toLocaleString("en")}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-sm text-stone-700">
        A team&rsquo;s count is shown only once at least 5 of it have signed, and other teams are held back with it so that no small number
        can be worked out; it moves only when the total does.
      </p>
    </section>
  );
}
