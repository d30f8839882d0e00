// Moments the press side shows and mails: an embargo is a day AND a time, always
// in UTC so a journalist in another time zone reads the same instant.
import { formatDay } from "~/domain/letters/counts";

export const DAY_MS = 24 * 60 * 60_000;
export const MAX_PREVIEW_DAYS = 90;
export const DEFAULT_PREVIEW_DAYS = 14;

/** "3 December 2026, 09:00 UTC" */
export function formatUtcMoment(date: Date | string) {
  const moment = new Date(date);
  return `${formatDay(moment)}, ${moment.toISOString().slice(11, 16)} UTC`;
}

/** A form's "YYYY-MM-DD" and "HH:MM" read as UTC; null when they name no real moment. */
export function utcMoment(date: string, time: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const moment = new Date(`${date}T${time}:00.000Z`);
  // Date rolls 31 February over to March: only a round trip proves the day exists.
  return Number.isNaN(moment.getTime()) || moment.toISOString().slice(0, 16) !== `${date}T${time}` ? null : moment;
}

/** Tomorrow at 09:00 UTC: a sensible default embargo for the forms. */
export function defaultEmbargo(now = new Date()) {
  const tomorrow = new Date(now.getTime() + DAY_MS);
  return { date: tomorrow.toISOString().slice(0, 10), time: "09:00" };
}
