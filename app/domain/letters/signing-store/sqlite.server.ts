// The signing steps' reads and writes as plain SQL on SQLite's connection
// (decision 008): the same rows the Prisma version writes, column for column,
// DateTimes in the adapter's format. Every write goes through a transaction, so
// it waits for any Prisma transaction open on the connection instead of joining it.
// The signature step itself is steps.ts; here each operation is one statement.
import { type SqliteDirect, sqliteTime } from "~/db/sqlite-direct.server";
import { LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { enqueueMailDirect, recordAuditDirect } from "./sqlite-rows.server";
import {
  LETTER_BY_SLUG_HASH,
  INSERT_VERIFICATION,
  VERIFICATION_BY_ID,
  COUNT_ATTEMPT,
  COUNT_ACCEPTED_ATTEMPT,
  COUNT_ON_LETTER,
  CONSUME_VERIFICATION,
  FIRST_SIGNATURE,
  UNCOUNT_ON_LETTER,
  INSERT_DECOY,
  INSERT_SIGNATURE,
  FLIP_TO_REVEALED,
  FLIP_TO_COOLING_OFF,
  FLIP_TO_AWAITING_TRUSTEES,
  receiptValues,
} from "./statements";
import { type OperationsNow, outcomeOf, runNow, signatureStep } from "./steps";
import type { FirstSignature, LetterToSignRow, LockedLetter, NewDecoy, SigningStore, VerificationRow } from "./types";

type StoredLetterToSign = Omit<
  LetterToSignRow,
  "status" | "deadline" | "coolingOffEndsAt" | "batchedCoolingOffEndsAt" | "coolingOffNoticesAt"
> & {
  status: string;
  deadline: string;
  coolingOffEndsAt: string | null;
  batchedCoolingOffEndsAt: string | null;
  coolingOffNoticesAt: string | null;
};
type StoredVerification = Omit<VerificationRow, "expiresAt" | "verifiedAt"> & { expiresAt: string; verifiedAt: string | null };
type StoredLockedLetter = Omit<LockedLetter, "status" | "hasTrustees"> & { status: string; trusteeThreshold: number | null };

/** The columns a signature and a decoy receipt share, after the ids (and tag). */
const receiptColumns = (row: NewDecoy) => receiptValues(row, sqliteTime);

/** The signature step's operations, each one statement inside the step's transaction. */
function operations(direct: SqliteDirect): OperationsNow {
  return {
    countOnLetter(letterId) {
      const row = direct.get<StoredLockedLetter>(COUNT_ON_LETTER, letterId);
      if (!row) return null;
      const { trusteeThreshold, ...letter } = row;
      return { ...letter, status: letterStatus(letter.status), hasTrustees: trusteeThreshold !== null };
    },
    uncountOnLetter(letterId) {
      direct.run(UNCOUNT_ON_LETTER, letterId);
    },
    consumeVerification: (verificationId) => direct.run(CONSUME_VERIFICATION, verificationId).changes !== 0,
    findFirstSignature(letterId, emailTag) {
      const first = direct.get<FirstSignature>(FIRST_SIGNATURE, letterId, emailTag);
      // Blobs come as Buffers; Prisma hands out plain Uint8Arrays.
      return first ? { id: first.id, sealedContact: first.sealedContact && new Uint8Array(first.sealedContact) } : null;
    },
    insertDecoy(row) {
      direct.run(INSERT_DECOY, row.id, row.letterId, ...receiptColumns(row));
    },
    insertSignature(row) {
      direct.run(INSERT_SIGNATURE, row.id, row.letterId, row.emailTag, ...receiptColumns(row), row.team);
    },
    enqueueMail(mail, now) {
      enqueueMailDirect(direct, mail, now);
    },
    flipAtThreshold: (letterId, to, now, coolingOffEndsAt) =>
      (to === LetterStatus.REVEALED
        ? direct.run(FLIP_TO_REVEALED, sqliteTime(now), letterId)
        : to === LetterStatus.COOLING_OFF
          ? direct.run(FLIP_TO_COOLING_OFF, sqliteTime(coolingOffEndsAt!), letterId)
          : direct.run(FLIP_TO_AWAITING_TRUSTEES, letterId)
      ).changes === 1,
    // Stamped with the clock, as recordAudit's row is.
    recordAudit(letterId, kind) {
      recordAuditDirect(direct, letterId, kind);
    },
  };
}

const stores = new WeakMap<SqliteDirect, SigningStore>();

export function sqliteSigningStore(direct: SqliteDirect): SigningStore {
  let store = stores.get(direct);
  if (!store) stores.set(direct, (store = build(direct)));
  return store;
}

function build(direct: SqliteDirect): SigningStore {
  const signing = operations(direct);
  return {
    async findLetterBySlugHash(privateSlugHash) {
      const row = direct.get<StoredLetterToSign>(LETTER_BY_SLUG_HASH, privateSlugHash);
      const date = (value: string | null) => (value === null ? null : new Date(value));
      return row
        ? {
            ...row,
            status: letterStatus(row.status),
            deadline: new Date(row.deadline),
            coolingOffEndsAt: date(row.coolingOffEndsAt),
            batchedCoolingOffEndsAt: date(row.batchedCoolingOffEndsAt),
            coolingOffNoticesAt: date(row.coolingOffNoticesAt),
          }
        : null;
    },

    async createVerification(verification) {
      await direct.transaction(() => {
        direct.run(
          INSERT_VERIFICATION,
          verification.id,
          verification.secretHash,
          verification.letterId,
          verification.emailTag,
          verification.codeHash,
          sqliteTime(verification.expiresAt),
        );
      });
    },

    async findVerification(id) {
      const row = direct.get<StoredVerification>(VERIFICATION_BY_ID, id);
      if (!row) return null;
      // Blobs come as Buffers; Prisma hands out plain Uint8Arrays.
      const plain = (value: Uint8Array) => new Uint8Array(value);
      return {
        ...row,
        secretHash: plain(row.secretHash),
        emailTag: plain(row.emailTag),
        codeHash: plain(row.codeHash),
        expiresAt: new Date(row.expiresAt),
        verifiedAt: row.verifiedAt === null ? null : new Date(row.verifiedAt),
      };
    },

    async countCodeAttempt(id, maxAttempts, accept) {
      const { changes } = await direct.transaction(() =>
        accept
          ? direct.run(COUNT_ACCEPTED_ATTEMPT, sqliteTime(accept.verifiedAt), sqliteTime(accept.expiresAt), id, maxAttempts)
          : direct.run(COUNT_ATTEMPT, id, maxAttempts),
      );
      return changes === 1;
    },

    // One synchronous stretch between BEGIN IMMEDIATE and COMMIT: no await inside.
    storeSignature: (plan) => outcomeOf(direct.transaction(() => runNow(signatureStep(plan), signing))),
  };
}
