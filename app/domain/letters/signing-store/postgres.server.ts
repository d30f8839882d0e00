// The signing steps' reads and writes as plain SQL on PostgreSQL (issue 17's
// cheaper signing flow): the statements SQLite's store runs (statements.ts), each
// awaited on one pooled connection inside BEGIN … COMMIT. The step itself is
// steps.ts, run with awaits as Prisma's store runs it; the letter's row lock taken
// by COUNT_ON_LETTER serializes signers of one letter exactly as it does there.
import type { PgQueries, PostgresDirect } from "~/db/postgres-direct.server";
import { LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { enqueueMailPg, recordAuditPg } from "./postgres-rows.server";
import {
  CONSUME_VERIFICATION,
  COUNT_ACCEPTED_ATTEMPT,
  COUNT_ATTEMPT,
  COUNT_ON_LETTER,
  FIRST_SIGNATURE,
  FLIP_TO_AWAITING_TRUSTEES,
  FLIP_TO_COOLING_OFF,
  FLIP_TO_REVEALED,
  INSERT_DECOY,
  INSERT_SIGNATURE,
  INSERT_VERIFICATION,
  LETTER_BY_SLUG_HASH,
  UNCOUNT_ON_LETTER,
  VERIFICATION_BY_ID,
  receiptValues,
} from "./statements";
import { type OperationsAwaited, outcomeOf, runAwaited, signatureStep } from "./steps";
import type { FirstSignature, LetterToSignRow, LockedLetter, NewDecoy, SigningStore, VerificationRow } from "./types";

type StoredLetterToSign = Omit<LetterToSignRow, "status"> & { status: string };
type StoredVerification = VerificationRow;
type StoredLockedLetter = Omit<LockedLetter, "status" | "hasTrustees"> & { status: string; trusteeThreshold: number | null };

/** The columns a signature and a decoy receipt share, after the ids (and tag). */
const receiptColumns = (row: NewDecoy) => receiptValues(row, (date: Date) => date);

/** The signature step's operations, each one statement inside the step's transaction. */
function operations(q: PgQueries): OperationsAwaited {
  return {
    async countOnLetter(letterId) {
      const [row] = await q.rows<StoredLockedLetter>(COUNT_ON_LETTER, letterId);
      if (!row) return null;
      const { trusteeThreshold, ...letter } = row;
      return { ...letter, status: letterStatus(letter.status), hasTrustees: trusteeThreshold !== null };
    },
    async uncountOnLetter(letterId) {
      await q.run(UNCOUNT_ON_LETTER, letterId);
      return undefined;
    },
    consumeVerification: async (verificationId) => (await q.run(CONSUME_VERIFICATION, verificationId)) !== 0,
    async findFirstSignature(letterId, emailTag) {
      const [first] = await q.rows<FirstSignature>(FIRST_SIGNATURE, letterId, emailTag);
      return first ?? null;
    },
    async insertDecoy(row) {
      await q.run(INSERT_DECOY, row.id, row.letterId, ...receiptColumns(row));
      return undefined;
    },
    async insertSignature(row) {
      await q.run(INSERT_SIGNATURE, row.id, row.letterId, row.emailTag, ...receiptColumns(row), row.team);
      return undefined;
    },
    async enqueueMail(mail, now) {
      await enqueueMailPg(q, mail, now);
      return undefined;
    },
    flipAtThreshold: async (letterId, to, now, coolingOffEndsAt) =>
      (to === LetterStatus.REVEALED
        ? await q.run(FLIP_TO_REVEALED, now, letterId)
        : to === LetterStatus.COOLING_OFF
          ? await q.run(FLIP_TO_COOLING_OFF, coolingOffEndsAt!, letterId)
          : await q.run(FLIP_TO_AWAITING_TRUSTEES, letterId)) === 1,
    // Stamped with the clock, as recordAudit's row is.
    async recordAudit(letterId, kind) {
      await recordAuditPg(q, letterId, kind);
      return undefined;
    },
  };
}

const stores = new WeakMap<PostgresDirect, SigningStore>();

export function postgresSigningStore(direct: PostgresDirect): SigningStore {
  let store = stores.get(direct);
  if (!store) stores.set(direct, (store = build(direct)));
  return store;
}

function build(direct: PostgresDirect): SigningStore {
  return {
    async findLetterBySlugHash(privateSlugHash) {
      const [row] = await direct.rows<StoredLetterToSign>(LETTER_BY_SLUG_HASH, privateSlugHash);
      return row ? { ...row, status: letterStatus(row.status) } : null;
    },

    async createVerification(v) {
      await direct.run(INSERT_VERIFICATION, v.id, v.secretHash, v.letterId, v.emailTag, v.codeHash, v.expiresAt);
    },

    async findVerification(id) {
      const [row] = await direct.rows<StoredVerification>(VERIFICATION_BY_ID, id);
      return row ?? null;
    },

    async countCodeAttempt(id, maxAttempts, accept) {
      const changed = accept
        ? await direct.run(COUNT_ACCEPTED_ATTEMPT, accept.verifiedAt, accept.expiresAt, id, maxAttempts)
        : await direct.run(COUNT_ATTEMPT, id, maxAttempts);
      return changed === 1;
    },

    storeSignature: (plan) => outcomeOf(direct.transaction((q) => runAwaited(signatureStep(plan), operations(q)))),
  };
}
