// The signing steps' reads and writes through Prisma: PostgreSQL's way (and any
// database without the plain-SQL path). See types.ts.
import { db } from "~/db/client.server";
import { isNoRowMatched } from "~/db/errors.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { enqueueMail } from "~/mail/outbox.server";
import { Outcome, type SigningStore, reachesThreshold } from "./types";

export const prismaSigningStore: SigningStore = {
  findLetterBySlugHash: (privateSlugHash) =>
    db().letter.findUnique({
      where: { privateSlugHash },
      select: { id: true, status: true, deadline: true, title: true, organizationName: true, allowedDomains: true, threshold: true, signatureCount: true, batchedCount: true },
    }),

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

  async storeSignature({ letterId, verificationId, now, signature, receipt, duplicateNotice }) {
    try {
      return await db().$transaction(async (tx) => {
        // The UPDATE takes the letter row's lock; the count it returns includes
        // every signature committed before ours.
        const letter = await tx.letter
          .update({
            where: { id: letterId, status: { in: ["OPEN", "REVEALED"] } },
            data: { signatureCount: { increment: 1 } },
            select: { status: true, signatureCount: true, threshold: true, title: true, wrappedDataKey: true },
          })
          .catch((error: unknown) => {
            // No row matched: the letter is no longer OPEN or REVEALED.
            throw isNoRowMatched(error) ? new Outcome({ outcome: "not-open" }) : error;
          });
        const locked = { ...letter, wrappedDataKey: letter.wrappedDataKey! };
        const used = await tx.signingVerification.deleteMany({ where: { id: verificationId } });
        if (used.count === 0) throw new Outcome({ outcome: "verification-used" });
        const row = signature(locked);
        // Read under the letter's lock: a concurrent first signature of the same
        // address has committed by now, so it is seen here (decision 010).
        const first = await tx.signature.findUnique({ where: { letterId_emailTag: { letterId, emailTag: row.emailTag } }, select: { id: true, sealedContact: true } });
        if (first) {
          const { emailTag: _bound, ...unbound } = row;
          await tx.letter.update({ where: { id: letterId }, data: { signatureCount: { decrement: 1 } } });
          await tx.decoyReceipt.create({ data: unbound });
          if (receipt) await enqueueMail(tx, receipt(locked));
          const notice = duplicateNotice?.(locked, first);
          if (notice) await enqueueMail(tx, notice);
          return { outcome: "stored", revealed: false, decoy: true } as const;
        }
        await tx.signature.create({ data: row });
        if (receipt) await enqueueMail(tx, receipt(locked));
        let revealed = false;
        if (reachesThreshold(letter)) {
          const flipped = await tx.letter.updateMany({ where: { id: letterId, status: "OPEN" }, data: { status: "REVEALED", revealedAt: now } });
          revealed = flipped.count === 1;
          if (revealed) await recordAudit(tx, letterId, "revealed");
        }
        return { outcome: "stored", revealed, decoy: false } as const;
      });
    } catch (error) {
      if (error instanceof Outcome) return error.result;
      throw error;
    }
  },
};
