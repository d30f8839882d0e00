// The signing steps' reads and writes through Prisma: the reference both plain-SQL
// stores are held to (tests/sqlite and tests/postgres direct-sql tests), and the
// way for a database where neither plain path is found. See types.ts; the
// signature step itself is steps.ts, and here each operation is one Prisma call.
import { type Tx, db } from "~/db/client.server";
import { isNoRowMatched } from "~/db/errors.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { CROSSING_FROM, LetterStatus, SIGNING_STATUSES, letterStatus } from "~/domain/letters/lifecycle";
import { enqueueMail } from "~/mail/outbox.server";
import { type OperationsAwaited, outcomeOf, runAwaited, signatureStep } from "./steps";
import type { SigningStore } from "./types";

/** The signature step's operations inside the transaction `tx`. */
function operations(tx: Tx): OperationsAwaited {
  return {
    countOnLetter: (letterId) =>
      tx.letter
        .update({
          where: { id: letterId, status: { in: [...SIGNING_STATUSES] } },
          data: { signatureCount: { increment: 1 } },
          select: {
            status: true,
            signatureCount: true,
            threshold: true,
            title: true,
            wrappedDataKey: true,
            trusteeThreshold: true,
            coolingOffHours: true,
          },
        })
        .then(
          ({ trusteeThreshold, ...letter }) => ({
            ...letter,
            status: letterStatus(letter.status),
            wrappedDataKey: letter.wrappedDataKey!,
            hasTrustees: trusteeThreshold !== null,
          }),
          (error: unknown) => {
            // No row matched: the letter is no longer OPEN or REVEALED.
            if (isNoRowMatched(error)) return null;
            throw error;
          },
        ),
    async uncountOnLetter(letterId) {
      await tx.letter.update({ where: { id: letterId }, data: { signatureCount: { decrement: 1 } } });
    },
    consumeVerification: async (verificationId) => (await tx.signingVerification.deleteMany({ where: { id: verificationId } })).count !== 0,
    findFirstSignature: (letterId, emailTag) =>
      tx.signature.findUnique({ where: { letterId_emailTag: { letterId, emailTag } }, select: { id: true, sealedContact: true } }),
    async insertDecoy(row) {
      await tx.decoyReceipt.create({ data: row });
    },
    async insertSignature(row) {
      await tx.signature.create({ data: row });
    },
    // The row takes the database's defaults for its times.
    async enqueueMail(mail) {
      await enqueueMail(tx, mail);
    },
    flipAtThreshold: async (letterId, to, now, coolingOffEndsAt) =>
      (
        await tx.letter.updateMany({
          where: { id: letterId, status: { in: [...CROSSING_FROM] } },
          // revealedAt is when names became readable: for a letter with trustees, their release.
          data:
            to === LetterStatus.REVEALED
              ? { status: to, revealedAt: now }
              : to === LetterStatus.COOLING_OFF
                ? { status: to, coolingOffEndsAt }
                : { status: to },
        })
      ).count === 1,
    async recordAudit(letterId, kind) {
      await recordAudit(tx, letterId, kind);
    },
  };
}

export const prismaSigningStore: SigningStore = {
  findLetterBySlugHash: async (privateSlugHash) => {
    const row = await db().letter.findUnique({
      where: { privateSlugHash },
      select: {
        id: true,
        status: true,
        deadline: true,
        title: true,
        organizationName: true,
        allowedDomains: true,
        teams: true,
        threshold: true,
        signatureCount: true,
        batchedCount: true,
        trusteeThreshold: true,
        coolingOffEndsAt: true,
        batchedCoolingOffEndsAt: true,
        coolingOffNoticesAt: true,
      },
    });
    return row && { ...row, status: letterStatus(row.status) };
  },

  async createVerification(verification) {
    await db().signingVerification.create({ data: verification });
  },

  findVerification: (id) => db().signingVerification.findUnique({ where: { id } }),

  async countCodeAttempt(id, maxAttempts, accept) {
    const counted = await db().signingVerification.updateMany({
      where: { id, attempts: { lt: maxAttempts }, verifiedAt: null },
      data: { attempts: { increment: 1 }, ...accept },
    });
    return counted.count === 1;
  },

  storeSignature: (plan) => outcomeOf(db().$transaction((tx) => runAwaited(signatureStep(plan), operations(tx)))),
};
