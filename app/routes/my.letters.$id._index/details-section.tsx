// The letter's settings, as the organizers chose them.
import type { DashboardData } from "./route";

function daysInWords(days: number) {
  return days === 1 ? "1 day" : `${days.toLocaleString("en")} days`;
}

type Props = {
  letter: Pick<
    DashboardData["letter"],
    "organizationName" | "allowedDomains" | "threshold" | "noteToSigners" | "teams" | "coolingOffHours"
  >;
  deadlineInWords: string;
  /** Shown while the deadline still matters (a draft, an open letter); null otherwise. */
  daysLeft: number | null;
};

export function DetailsSection({ letter, deadlineInWords, daysLeft }: Props) {
  return (
    <section aria-labelledby="details-title" className="space-y-3">
      <h2 id="details-title" className="text-2xl font-semibold">
        Details
      </h2>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">Organization</dt>
        <dd>{letter.organizationName}</dd>
        <dt className="font-medium">Who can sign</dt>
        <dd>People with a work address at {letter.allowedDomains.join(", ")}</dd>
        <dt className="font-medium">Reveal threshold</dt>
        <dd>{letter.threshold.toLocaleString("en")} signatures</dd>
        <dt className="font-medium">Cooling-off period</dt>
        <dd>
          {letter.coolingOffHours === 0
            ? "None: names are unsealed as soon as the threshold is met"
            : `${letter.coolingOffHours === 168 ? "7 days" : `${letter.coolingOffHours} hour${letter.coolingOffHours === 1 ? "" : "s"}`} after the threshold is met, while anyone may withdraw`}
        </dd>
        <dt className="font-medium">Deadline</dt>
        <dd>
          {deadlineInWords}
          {daysLeft !== null ? ` (${daysInWords(daysLeft)} left)` : null}
        </dd>
        <dt className="font-medium">Teams signers may pick</dt>
        <dd>{letter.teams.length > 0 ? letter.teams.join(", ") : "None"}</dd>
        <dt className="font-medium">Note to signers</dt>
        <dd className="whitespace-pre-line">{letter.noteToSigners ?? "None"}</dd>
      </dl>
    </section>
  );
}
