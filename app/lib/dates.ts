// Dates as the app stores and shows them: whole UTC days (no time finer than a day
// is shown, stored for signatures, or published), and for the press an exact
// moment, always in UTC so a journalist in another time zone reads the same
// instant. Pure helpers, shared with the browser bundle: no app import here.

export const DAY_MS = 24 * 60 * 60_000;

/** The start of the UTC day of `date`. */
export function startOfDayUtc(date = new Date()) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

// One formatter for the process: toLocaleDateString builds a new one on every call.
const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const DAY_MONTH_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: "UTC" });

/** "28 November 2026" (UTC), the way pages, mail and the records state a day. */
export function formatDay(date: Date | string) {
  return DAY_FORMAT.format(new Date(date));
}

/** A day and a time as forms give them ("2026-12-03", "09:00"), as that moment in UTC. */
export function utcMoment(day: string, time: string) {
  return new Date(`${day}T${time}:00.000Z`);
}

/** "3 December 2026, 09:00 UTC" */
export function formatUtcMoment(date: Date | string) {
  const moment = new Date(date);
  return `${formatDay(moment)}, ${moment.toISOString().slice(11, 16)} UTC`;
}

/** Whole days until `deadline`, rounded up; 0 once it has passed. */
export function daysLeft(deadline: Date | string, now = new Date()) {
  return Math.max(0, Math.ceil((new Date(deadline).getTime() - now.getTime()) / DAY_MS));
}

/** "28 November", with the year when it is not `now`'s year (UTC, so server and browser agree). */
export function formatRecentDay(date: Date | string, now = new Date()) {
  const day = new Date(date);
  return (day.getUTCFullYear() === now.getUTCFullYear() ? DAY_MONTH_FORMAT : DAY_FORMAT).format(day);
}
