// A letter's lifecycle (DESIGN.md): the one place that names its states and the
// rules that read them. Every layer (domain, pages, mail, publishing, the plain-SQL
// store) asks these functions instead of comparing status strings, so that adding a
// state or changing a rule is one edit here, and the compiler finds every `switch`
// that must learn it.
//
//   DRAFT → OPEN → REVEALED → PUBLISHED
//   DRAFT → CANCELLED;  OPEN → EXPIRED | CANCELLED   (sealed data destroyed)
//   with trustees (decision 015): OPEN → AWAITING_TRUSTEES → REVEALED, or → CANCELLED
//   cooling off (decision 020): OPEN → COOLING_OFF → REVEALED | AWAITING_TRUSTEES
//     (the period ended), → OPEN (withdrawals fell below the threshold), → CANCELLED
//
// Transitions are conditional updates guarded by the states they leave from
// (`leavingFrom`), so running one twice or concurrently does it once.
// Shared with the browser bundle: no server-only import here.

export const LetterStatus = {
  DRAFT: "DRAFT",
  OPEN: "OPEN",
  /**
   * The threshold was met and names stay sealed for the cooling-off period (decision
   * 020): signers may still sign and withdraw, organizers may cancel.
   */
  COOLING_OFF: "COOLING_OFF",
  /** A letter with trustees met its threshold: names stay sealed until k trustees release. */
  AWAITING_TRUSTEES: "AWAITING_TRUSTEES",
  REVEALED: "REVEALED",
  PUBLISHED: "PUBLISHED",
  EXPIRED: "EXPIRED",
  CANCELLED: "CANCELLED",
} as const;
export type LetterStatus = (typeof LetterStatus)[keyof typeof LetterStatus];

const ALL: readonly string[] = Object.values(LetterStatus);

export function isLetterStatus(value: string): value is LetterStatus {
  return ALL.includes(value);
}

/**
 * The database stores the status as text (SQLite has no enums); this is where that
 * text becomes a LetterStatus. An unknown value is a corrupted row, not user input.
 */
export function letterStatus(value: string): LetterStatus {
  if (!isLetterStatus(value)) throw new Error(`Unknown letter status in the database: ${JSON.stringify(value.slice(0, 20))}`);
  return value;
}

/** A row as the database gave it, with its status made a LetterStatus. */
export function withLetterStatus<T extends { status: string }>(row: T): Omit<T, "status"> & { status: LetterStatus } {
  return { ...row, status: letterStatus(row.status) };
}

/** Which states each state may move to; everything else is refused. */
export const TRANSITIONS: Readonly<Record<LetterStatus, readonly LetterStatus[]>> = {
  DRAFT: [LetterStatus.OPEN, LetterStatus.CANCELLED],
  OPEN: [LetterStatus.COOLING_OFF, LetterStatus.REVEALED, LetterStatus.AWAITING_TRUSTEES, LetterStatus.EXPIRED, LetterStatus.CANCELLED],
  COOLING_OFF: [LetterStatus.REVEALED, LetterStatus.AWAITING_TRUSTEES, LetterStatus.OPEN, LetterStatus.CANCELLED],
  AWAITING_TRUSTEES: [LetterStatus.REVEALED, LetterStatus.CANCELLED],
  REVEALED: [LetterStatus.PUBLISHED],
  PUBLISHED: [],
  EXPIRED: [],
  CANCELLED: [],
};

export function canMove(from: LetterStatus, to: LetterStatus) {
  return TRANSITIONS[from].includes(to);
}

/** The states a move to `to` leaves from: the guard of its conditional update. */
export function leavingFrom(to: LetterStatus): LetterStatus[] {
  return Object.values(LetterStatus).filter((from) => canMove(from, to));
}

function isAmong(statuses: readonly LetterStatus[], status: LetterStatus) {
  return statuses.includes(status);
}

/** The states in which signers may sign (and withdraw): open, cooling off, waiting for trustees, and revealed until published. */
export const SIGNING_STATUSES = [
  LetterStatus.OPEN,
  LetterStatus.COOLING_OFF,
  LetterStatus.AWAITING_TRUSTEES,
  LetterStatus.REVEALED,
] as const;
export function acceptsSignatures(status: LetterStatus) {
  return isAmong(SIGNING_STATUSES, status);
}

/** The states in which signers' names may be read (the threshold was met). */
export const NAMES_VISIBLE_STATUSES = [LetterStatus.REVEALED, LetterStatus.PUBLISHED] as const;
export function namesVisible(status: LetterStatus) {
  return isAmong(NAMES_VISIBLE_STATUSES, status);
}

/** Ended without reaching the press: every sealed piece is destroyed. */
export const CLOSED_STATUSES = [LetterStatus.EXPIRED, LetterStatus.CANCELLED] as const;
export function isClosed(status: LetterStatus) {
  return isAmong(CLOSED_STATUSES, status);
}

/** Its text can still change: only a draft. */
export function isEditable(status: LetterStatus) {
  return status === LetterStatus.DRAFT;
}

/** The text is frozen and was shown to signers (open, waiting for trustees, revealed or published). */
export function hasOpened(status: LetterStatus) {
  return isSealedAndSigning(status) || namesVisible(status);
}

/**
 * Names are sealed and signatures still come in: open, past the threshold in the
 * cooling-off period, or waiting for trustees. The timing guards (batched count,
 * no order, no times) hold.
 */
export const SEALED_SIGNING_STATUSES = [LetterStatus.OPEN, LetterStatus.COOLING_OFF, LetterStatus.AWAITING_TRUSTEES] as const;
export function isSealedAndSigning(status: LetterStatus) {
  return isAmong(SEALED_SIGNING_STATUSES, status);
}

/** Past the threshold, names still sealed: k trustees must release them. */
export function awaitsTrustees(status: LetterStatus) {
  return status === LetterStatus.AWAITING_TRUSTEES;
}

/** Sealed and counting: an open letter below its threshold, with a deadline that can expire it. */
export function isCollecting(status: LetterStatus) {
  return status === LetterStatus.OPEN;
}

export function isPublished(status: LetterStatus) {
  return status === LetterStatus.PUBLISHED;
}

/** Revealed and not yet published: the final review and the press previews are open. */
export function awaitsPublication(status: LetterStatus) {
  return status === LetterStatus.REVEALED;
}

/** In its cooling-off period: past the threshold, names sealed until the period ends (decision 020). */
export function isCoolingOff(status: LetterStatus) {
  return status === LetterStatus.COOLING_OFF;
}

/** The longest cooling-off period, in hours (7 days), and the one a draft starts with. */
export const MAX_COOLING_OFF_HOURS = 168;
export const DEFAULT_COOLING_OFF_HOURS = 48;

/**
 * A signature that brings an open letter to its threshold starts its cooling-off
 * period, or (with none) reveals it or hands it to its trustees (`statusAtThreshold`).
 */
export function reachesThreshold(letter: { status: LetterStatus; signatureCount: number; threshold: number }) {
  return letter.status === LetterStatus.OPEN && letter.signatureCount >= letter.threshold;
}

/**
 * The crossing signature's flip leaves from here only: a letter waiting for its
 * trustees is past its threshold already, and only their release reveals it.
 */
export const CROSSING_FROM = [LetterStatus.OPEN] as const;

/**
 * Where the crossing signature moves a letter: into its cooling-off period if it
 * has one, else where the period's end would (`statusAfterCoolingOff`).
 */
export function statusAtThreshold(letter: { hasTrustees: boolean; coolingOffHours: number }): LetterStatus {
  return letter.coolingOffHours > 0 ? LetterStatus.COOLING_OFF : statusAfterCoolingOff(letter);
}

/** Where the end of the cooling-off period moves a letter: trustees, if it has any, unseal it. */
export function statusAfterCoolingOff(letter: { hasTrustees: boolean }): LetterStatus {
  return letter.hasTrustees ? LetterStatus.AWAITING_TRUSTEES : LetterStatus.REVEALED;
}

/** The period ends on the hour: the crossing's hour rounded up, plus the hours (decision 020). */
export function coolingOffEnd(crossedAt: Date, hours: number) {
  const hour = 60 * 60_000;
  return new Date(Math.ceil(crossedAt.getTime() / hour) * hour + hours * hour);
}

/**
 * An open letter whose deadline has passed (below its threshold, or it would be past
 * it). The deadline is when the threshold must be met: a letter cooling off is not
 * expired by it (decision 020), only if withdrawals bring it back to OPEN.
 */
export function isPastDeadline(letter: { status: LetterStatus; deadline: Date }, now = new Date()) {
  return letter.status === LetterStatus.OPEN && letter.deadline < now;
}

/**
 * The status a page shows (decision 020). Whether a sealed letter is collecting or
 * cooling off is told from the last count batch (`batchedCoolingOffEndsAt`), like
 * its count: a page never shows the crossing, or a fall back below the threshold,
 * sooner than the batched count does. Every other status shows as it is.
 */
export function shownStatus(letter: { status: LetterStatus; batchedCoolingOffEndsAt: Date | null }): LetterStatus {
  if (letter.status !== LetterStatus.OPEN && letter.status !== LetterStatus.COOLING_OFF) return letter.status;
  return letter.batchedCoolingOffEndsAt ? LetterStatus.COOLING_OFF : LetterStatus.OPEN;
}

/**
 * A letter cooling off whose period has ended, and whose notices went out (never
 * unsealed before anyone was told): it moves on (revealed, or to its trustees).
 */
export function coolingOffIsOver(
  letter: { status: LetterStatus; coolingOffEndsAt: Date | null; coolingOffNoticesAt: Date | null },
  now = new Date(),
) {
  return (
    letter.status === LetterStatus.COOLING_OFF &&
    letter.coolingOffEndsAt !== null &&
    letter.coolingOffEndsAt <= now &&
    letter.coolingOffNoticesAt !== null
  );
}

/** For plain SQL: `'OPEN', 'REVEALED'`. The values are this module's constants, never input. */
export function sqlList(statuses: readonly LetterStatus[]) {
  return statuses.map((status) => `'${letterStatus(status)}'`).join(", ");
}
