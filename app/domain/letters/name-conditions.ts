// Conditional signatures (decision 019): a signer may raise their own bar, "unseal
// my name only once at least N have signed". The one rule and the suggested values
// live here, pure, shared by the unseal path, publication, the trustees' release,
// the receipt and the signing form (browser bundle too: no server-only import).
import { namesVisible, type LetterStatus } from "./lifecycle";

/** The highest condition a signer may set. */
export const NAME_AT_MAX = 1_000_000;

/**
 * Whether a signature's own condition is met by the letter's live count of
 * signatures (decoys count nowhere): null is no condition of its own. Evaluated
 * each time a name would be read, and at publication against the final count.
 */
export function nameAtMet(nameAt: number | null, signatureCount: number) {
  return nameAt === null || nameAt <= signatureCount;
}

/** The whole rule: a name may be read iff the letter's names are visible and its own condition is met. */
export function nameReadable(letter: { status: LetterStatus; signatureCount: number }, nameAt: number | null) {
  return namesVisible(letter.status) && nameAtMet(nameAt, letter.signatureCount);
}

/** The rule as a query filter (Prisma `where`) over Signature or DecoyReceipt rows: met at `signatureCount`. */
export function nameAtMetWhere(signatureCount: number) {
  return { OR: [{ nameAt: null }, { nameAt: { lte: signatureCount } }] };
}

/** Its complement: the rows whose condition is not met at `signatureCount`. */
export function nameAtUnmetWhere(signatureCount: number) {
  return { nameAt: { gt: signatureCount } };
}

/** A friendly number near `x`: two leading digits, the second 0 or 5 (74 → 75, 185 → 200, 1234 → 1,000). */
export function friendlyCount(x: number) {
  if (x < 10) return Math.round(x);
  const step = 5 * 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / step) * step;
}

/** The values the signing form suggests above the letter's threshold: about 2×, 5× and 10×, rounded, ascending, none twice. */
export function suggestedNameAts(threshold: number): number[] {
  const values = [2, 5, 10].map((factor) => friendlyCount(threshold * factor)).filter((n) => n > threshold && n <= NAME_AT_MAX);
  return [...new Set(values)].sort((a, b) => a - b);
}

/** What a condition means in one sentence, on the receipt (signature and decoy alike). */
export function nameAtSentence(nameAt: number) {
  return `Your name is unsealed only once ${nameAt.toLocaleString("en")} have signed.`;
}

/** The organizers' sentence under the names before publication (dashboard and final review); null when there is none. */
export function unnamedBeforePublication(count: number) {
  if (count === 0) return null;
  const who = count === 1 ? "1 more verified signer who" : `${count.toLocaleString("en")} more verified signers who`;
  return `And ${who} asked to be named only at a higher count; they are named if the count reaches theirs before you publish.`;
}

/** The published record's sentence (page, PDF, CSV, JSON); null when every signer is named. */
export function unnamedInRecord(count: number) {
  if (count === 0) return null;
  const who = count === 1 ? "1 more verified signatory who" : `${count.toLocaleString("en")} more verified signatories who`;
  return `And ${who} asked to be named only once more had signed.`;
}
