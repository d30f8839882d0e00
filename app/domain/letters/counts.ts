// How counts are shown. Below five, an exact number would single people out
// ("2 signed — and I saw Dana get an email"), so it reads "fewer than 5".
export const SMALL_COUNT = 5;

export function countInWords(count: number) {
  if (count < SMALL_COUNT) return "fewer than 5";
  return count.toLocaleString("en");
}

// One formatter for the process: toLocaleDateString builds a new one on every call.
const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function formatDay(date: Date | string) {
  return DAY_FORMAT.format(new Date(date));
}

export function daysLeft(deadline: Date | string, now = new Date()) {
  return Math.max(0, Math.ceil((new Date(deadline).getTime() - now.getTime()) / (24 * 60 * 60_000)));
}
