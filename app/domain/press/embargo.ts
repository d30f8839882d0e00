// Moments and terms the press side works with: an embargo is a day AND a time,
// always in UTC so a journalist in another time zone reads the same instant (shown
// with formatUtcMoment, app/lib/dates.ts); a preview link works for a number of days.
// Shared with the browser bundle (the press forms' limits and hints): no server-only import here.
import { DAY_MS } from "~/lib/dates";

/** How long a preview link may work, in days. */
export const MIN_PREVIEW_DAYS = 1;
export const MAX_PREVIEW_DAYS = 90;
export const DEFAULT_PREVIEW_DAYS = 14;

/** Tomorrow at 09:00 UTC: a sensible default embargo for the forms. */
export function defaultEmbargo(now = new Date()) {
  const tomorrow = new Date(now.getTime() + DAY_MS);
  return { date: tomorrow.toISOString().slice(0, 10), time: "09:00" };
}

/** What the press forms start with: the default embargo and how long a link works. */
export function pressFormDefaults(now = new Date()) {
  return { ...defaultEmbargo(now), expiresInDays: String(DEFAULT_PREVIEW_DAYS) };
}
