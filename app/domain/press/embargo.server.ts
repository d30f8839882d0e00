// Moments the press side works with: an embargo is a day AND a time, always in
// UTC so a journalist in another time zone reads the same instant (shown with
// formatUtcMoment, app/lib/dates.ts).
import { DAY_MS } from "~/lib/dates";

export const MAX_PREVIEW_DAYS = 90;
export const DEFAULT_PREVIEW_DAYS = 14;

/** Tomorrow at 09:00 UTC: a sensible default embargo for the forms. */
export function defaultEmbargo(now = new Date()) {
  const tomorrow = new Date(now.getTime() + DAY_MS);
  return { date: tomorrow.toISOString().slice(0, 10), time: "09:00" };
}
