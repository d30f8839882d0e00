// How long the secrets people are sent stay good. Server modules enforce these and
// pages state them, from the same constants, so the copy cannot drift from the rule.
// Shared with the browser bundle: no app import here.

/** A typed code (sign-up, login, signing) works this long. */
export const CODE_TTL_MS = 10 * 60_000;
/** A password reset link works this long. */
export const RESET_TTL_MS = 60 * 60_000;

/** "10 minutes", "one hour", "2 hours": how pages and mail state a lifetime. */
export function durationInWords(ms: number) {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 60 !== 0) return minutes === 1 ? "one minute" : `${minutes} minutes`;
  const hours = minutes / 60;
  return hours === 1 ? "one hour" : `${hours} hours`;
}
