// The signature step and the reveal step, written once for both stores (decision
// 008). A step is a generator: it yields the operations it needs one at a time
// (lock the letter, use the verification, store the row, queue the mail, flip the
// status…) and receives each one's result. The plain-SQL store runs it in one
// synchronous stretch inside its transaction, since SQLite's write lock must not
// be held across an await; the Prisma store runs it with awaits inside
// `$transaction`. So the order of the writes and every rule between them live
// here, and a store only says how to do each operation: one SQL statement, or
// one Prisma call.
import type { AuditKind } from "~/domain/letters/audit.server";
import { coolingOffEnd, LetterStatus, reachesThreshold, statusAtThreshold } from "~/domain/letters/lifecycle";
import type { OutgoingMail } from "~/mail/outbox.server";
import {
  type Bytes,
  type FirstSignature,
  type LockedLetter,
  type NewDecoy,
  type NewSignature,
  Outcome,
  type SignaturePlan,
  type StoredSignature,
} from "./types";

/**
 * What the steps ask a store to do, and what each answers. (`undefined`, not
 * `void`: a function returning a Promise is a `() => void`, so `void` would let an
 * async operation slip into the plain-SQL store, which must never await.)
 */
export type SigningOperations = {
  /**
   * The letter's count goes up if it takes signatures (OPEN or REVEALED), which
   * takes its row's lock: the count returned includes every signature committed
   * before ours. Null when the letter no longer takes signatures.
   */
  countOnLetter(letterId: string): LockedLetter | null;
  /** The count goes back down: a duplicate is counted nowhere (decision 010). */
  uncountOnLetter(letterId: string): undefined;
  /** Deletes the verification; false when a signature used it a moment ago. */
  consumeVerification(verificationId: string): boolean;
  /** The signature this address already made on the letter, if any. */
  findFirstSignature(letterId: string, emailTag: Bytes): FirstSignature | null;
  insertDecoy(row: NewDecoy): undefined;
  insertSignature(row: NewSignature): undefined;
  /**
   * Queues a mail in the transaction. `now` is the step's clock: the plain-SQL
   * store stamps the row with it, Prisma's row takes the database's defaults.
   */
  enqueueMail(mail: OutgoingMail, now: Date): undefined;
  /**
   * The guarded flip at the threshold, from OPEN (CROSSING_FROM) to COOLING_OFF
   * (with `coolingOffEndsAt`, decision 020), or to REVEALED, or to AWAITING_TRUSTEES
   * for a letter with trustees; false when it was no longer OPEN.
   */
  flipAtThreshold(letterId: string, to: LetterStatus, now: Date, coolingOffEndsAt: Date | null): boolean;
  recordAudit(letterId: string, kind: AuditKind): undefined;
};

type Name = keyof SigningOperations;
type Args = { [K in Name]: Parameters<SigningOperations[K]> };
type Results = { [K in Name]: ReturnType<SigningOperations[K]> };

/** One operation a step asks for: its name and arguments. */
export type Operation<K extends Name = Name> = { [P in K]: { name: P; args: Args[P] } }[K];

/** A step: yields operations, is answered each one's result, returns its own. */
export type Step<R> = Generator<Operation, R, unknown>;

/** How the plain-SQL store does each operation: synchronously. */
export type OperationsNow = { [K in Name]: (...args: Args[K]) => Results[K] };
/** How the Prisma store does each operation: awaited. */
export type OperationsAwaited = { [K in Name]: (...args: Args[K]) => Promise<Results[K]> };

/** The typed way for a step to ask for operation `name`: `const letter = yield* countOnLetter(id)`. */
function ask<K extends Name>(name: K) {
  return function* (...args: Args[K]): Generator<Operation<K>, Results[K], unknown> {
    // The runners answer an operation with that very operation's result.
    return (yield { name, args }) as Results[K];
  };
}

const countOnLetter = ask("countOnLetter");
const uncountOnLetter = ask("uncountOnLetter");
const consumeVerification = ask("consumeVerification");
const findFirstSignature = ask("findFirstSignature");
const insertDecoy = ask("insertDecoy");
const insertSignature = ask("insertSignature");
const enqueueMail = ask("enqueueMail");
const flipAtThreshold = ask("flipAtThreshold");
const recordAudit = ask("recordAudit");

function doNow<K extends Name>(operations: OperationsNow, operation: Operation<K>): Results[K] {
  return operations[operation.name](...operation.args);
}

function doAwaited<K extends Name>(operations: OperationsAwaited, operation: Operation<K>): Promise<Results[K]> {
  return operations[operation.name](...operation.args);
}

/**
 * Runs a step in one synchronous stretch (the plain-SQL store, inside its
 * transaction). An operation that throws ends the step (no step catches), and
 * the transaction rolls back.
 */
export function runNow<R>(step: Step<R>, operations: OperationsNow): R {
  let next = step.next();
  while (!next.done) next = step.next(doNow(operations, next.value));
  return next.value;
}

/** Runs a step awaiting each operation (the Prisma store, inside `$transaction`). */
export async function runAwaited<R>(step: Step<R>, operations: OperationsAwaited): Promise<R> {
  let next = step.next();
  while (!next.done) next = step.next(await doAwaited(operations, next.value));
  return next.value;
}

/**
 * The crossing: the guarded flip and its audit event, so it happens exactly once.
 * A letter with a cooling-off period enters it (decision 020): names stay sealed
 * until its end. Without one, a letter without trustees is revealed; one with
 * trustees waits for them (decision 015), and nothing in that state opens a name.
 * The status it moved to, or null.
 */
export function* thresholdStep(
  letterId: string,
  letter: { hasTrustees: boolean; coolingOffHours: number },
  now: Date,
): Step<LetterStatus | null> {
  const to = statusAtThreshold(letter);
  const endsAt = to === LetterStatus.COOLING_OFF ? coolingOffEnd(now, letter.coolingOffHours) : null;
  if (!(yield* flipAtThreshold(letterId, to, now, endsAt))) return null;
  yield* recordAudit(letterId, thresholdAudit(to));
  return to;
}

/** The audit event of a move past the threshold (the crossing, or the end of a cooling-off period). */
export function thresholdAudit(to: LetterStatus): AuditKind {
  return to === LetterStatus.REVEALED ? "revealed" : to === LetterStatus.COOLING_OFF ? "cooling-off-started" : "threshold-met";
}

/** Storing a signature (see SigningStore.storeSignature). Throws an Outcome to roll back. */
export function* signatureStep({
  letterId,
  verificationId,
  now,
  signature,
  receipt,
  duplicateNotice,
}: SignaturePlan): Step<StoredSignature> {
  // The UPDATE comes first: it takes the letter row's lock (on SQLite, BEGIN
  // IMMEDIATE holds the write lock already).
  const letter = yield* countOnLetter(letterId);
  if (!letter) throw new Outcome({ outcome: "not-open" });
  if (!(yield* consumeVerification(verificationId))) throw new Outcome({ outcome: "verification-used" });
  const row = signature(letter);
  // Read under the letter's lock: a concurrent first signature of the same
  // address has committed by now, so it is seen here (decision 010). An address
  // that signed already gets a decoy receipt, through the same steps.
  const first = yield* findFirstSignature(letterId, row.emailTag);
  if (first) {
    const { emailTag: _bound, team: _counted, ...decoy } = row;
    yield* uncountOnLetter(letterId);
    yield* insertDecoy(decoy);
    if (receipt) yield* enqueueMail(receipt(letter), now);
    const notice = duplicateNotice?.(letter, first);
    if (notice) yield* enqueueMail(notice, now);
    return { outcome: "stored", revealed: false, awaitingTrustees: false, coolingOff: false, decoy: true };
  }
  yield* insertSignature(row);
  if (receipt) yield* enqueueMail(receipt(letter), now);
  const crossed = reachesThreshold(letter) ? yield* thresholdStep(letterId, letter, now) : null;
  return {
    outcome: "stored",
    revealed: crossed === LetterStatus.REVEALED,
    awaitingTrustees: crossed === LetterStatus.AWAITING_TRUSTEES,
    coolingOff: crossed === LetterStatus.COOLING_OFF,
    decoy: false,
  };
}

/** What a store reports: the step's result, or the Outcome it stopped at (its transaction rolled back). */
export async function outcomeOf(transaction: Promise<StoredSignature>): Promise<StoredSignature> {
  try {
    return await transaction;
  } catch (error) {
    if (error instanceof Outcome) return error.result;
    throw error;
  }
}
