// A letter's lifecycle (DESIGN.md): the one place that names its states and the
// rules that read them. Every layer (domain, pages, mail, publishing, the plain-SQL
// store) asks these functions instead of comparing status strings, so that adding a
// state or changing a rule is one edit here, and the compiler finds every `switch`
// that must learn it.
//
//   DRAFT → OPEN → REVEALED → PUBLISHED
//   DRAFT → CANCELLED;  OPEN → EXPIRED | CANCELLED   (sealed data destroyed)
//
// Transitions are conditional updates guarded by the states they leave from
// (`leavingFrom`), so running one twice or concurrently does it once.
// Shared with the browser bundle: no server-only import here.

export const LetterStatus = {
  DRAFT: "DRAFT",
  OPEN: "OPEN",
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
  OPEN: [LetterStatus.REVEALED, LetterStatus.EXPIRED, LetterStatus.CANCELLED],
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

/** The states in which signers may sign (and withdraw): open, and revealed until published. */
export const SIGNING_STATUSES = [LetterStatus.OPEN, LetterStatus.REVEALED] as const;
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

/** The text is frozen and was shown to signers (open, revealed or published). */
export function hasOpened(status: LetterStatus) {
  return status === LetterStatus.OPEN || namesVisible(status);
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

/** A signature that brings an open letter to its threshold reveals it. */
export function reachesThreshold(letter: { status: LetterStatus; signatureCount: number; threshold: number }) {
  return letter.status === LetterStatus.OPEN && letter.signatureCount >= letter.threshold;
}

/** An open letter whose deadline has passed (below its threshold, or it would be revealed). */
export function isPastDeadline(letter: { status: LetterStatus; deadline: Date }, now = new Date()) {
  return letter.status === LetterStatus.OPEN && letter.deadline < now;
}

/** For plain SQL: `'OPEN', 'REVEALED'`. The values are this module's constants, never input. */
export function sqlList(statuses: readonly LetterStatus[]) {
  return statuses.map((status) => `'${letterStatus(status)}'`).join(", ");
}
