// The signing steps' reads and writes as plain SQL on SQLite's connection
// (decision 008): the same rows the Prisma version writes, column for column,
// DateTimes in the adapter's format. Every write goes through a transaction, so
// it waits for any Prisma transaction open on the connection instead of joining it.
import { type SqliteDirect, sqliteTime } from "~/db/sqlite-direct.server";
import { enqueueMailDirect, recordAuditDirect } from "./sqlite-rows.server";
import { type FirstSignature, type LockedLetter, Outcome, type SigningStore, type VerificationRow, reachesThreshold } from "./types";

type StoredVerification = Omit<VerificationRow, "expiresAt" | "verifiedAt"> & { expiresAt: string; verifiedAt: string | null };

const stores = new WeakMap<SqliteDirect, SigningStore>();

export function sqliteSigningStore(direct: SqliteDirect): SigningStore {
  let store = stores.get(direct);
  if (!store) stores.set(direct, (store = build(direct)));
  return store;
}

function build(direct: SqliteDirect): SigningStore {
  return {
    async findLetterBySlugHash(privateSlugHash) {
      const row = direct.get<{ deadline: string } & Record<string, unknown>>(
        'SELECT "id", "status", "deadline", "title", "organizationName", "allowedDomains", "threshold", "signatureCount", "batchedCount" FROM "Letter" WHERE "privateSlugHash" = ?',
        privateSlugHash,
      );
      return row ? ({ ...row, deadline: new Date(row.deadline) } as Awaited<ReturnType<SigningStore["findLetterBySlugHash"]>>) : null;
    },

    async createVerification(verification) {
      await direct.transaction(() => {
        direct.run(
          'INSERT INTO "SigningVerification" ("id", "secretHash", "letterId", "emailTag", "codeHash", "attempts", "expiresAt") VALUES (?, ?, ?, ?, ?, 0, ?)',
          verification.id, verification.secretHash, verification.letterId, verification.emailTag, verification.codeHash, sqliteTime(verification.expiresAt),
        );
      });
    },

    async findVerification(id) {
      const row = direct.get<StoredVerification>(
        'SELECT "id", "secretHash", "letterId", "emailTag", "codeHash", "attempts", "expiresAt", "verifiedAt" FROM "SigningVerification" WHERE "id" = ?',
        id,
      );
      if (!row) return null;
      // Blobs come as Buffers; Prisma hands out plain Uint8Arrays.
      const plain = (value: Uint8Array) => new Uint8Array(value);
      return { ...row, secretHash: plain(row.secretHash), emailTag: plain(row.emailTag), codeHash: plain(row.codeHash), expiresAt: new Date(row.expiresAt), verifiedAt: row.verifiedAt === null ? null : new Date(row.verifiedAt) };
    },

    async countCodeAttempt(id, maxAttempts, accept) {
      const { changes } = await direct.transaction(() =>
        accept
          ? direct.run(
              'UPDATE "SigningVerification" SET "attempts" = "attempts" + 1, "verifiedAt" = ?, "expiresAt" = ? WHERE "id" = ? AND "attempts" < ? AND "verifiedAt" IS NULL',
              sqliteTime(accept.verifiedAt), sqliteTime(accept.expiresAt), id, maxAttempts,
            )
          : direct.run('UPDATE "SigningVerification" SET "attempts" = "attempts" + 1 WHERE "id" = ? AND "attempts" < ? AND "verifiedAt" IS NULL', id, maxAttempts),
      );
      return changes === 1;
    },

    async storeSignature({ letterId, verificationId, now, signature, receipt, duplicateNotice }) {
      try {
        return await direct.transaction(() => {
          // The UPDATE comes first: BEGIN IMMEDIATE holds the write lock, and the
          // count it returns includes every signature committed before ours.
          const letter = direct.get<LockedLetter>(
            `UPDATE "Letter" SET "signatureCount" = "signatureCount" + 1 WHERE "id" = ? AND "status" IN ('OPEN', 'REVEALED') ` +
              'RETURNING "status", "signatureCount", "threshold", "title", "wrappedDataKey"',
            letterId,
          );
          if (!letter) throw new Outcome({ outcome: "not-open" });
          const used = direct.run('DELETE FROM "SigningVerification" WHERE "id" = ?', verificationId);
          if (used.changes === 0) throw new Outcome({ outcome: "verification-used" });
          const row = signature(letter);
          // Decision 010: an address that signed already gets a decoy receipt, through the same steps.
          const first = direct.get<FirstSignature>('SELECT "id", "sealedContact" FROM "Signature" WHERE "letterId" = ? AND "emailTag" = ?', letterId, row.emailTag);
          if (first) {
            direct.run('UPDATE "Letter" SET "signatureCount" = "signatureCount" - 1 WHERE "id" = ?', letterId);
            direct.run(
              'INSERT INTO "DecoyReceipt" ("id", "letterId", "publicLine", "sealedIdentity", "sealedContact", "receiptHash", "signedOn", "orderKey") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
              row.id, row.letterId, row.publicLine, row.sealedIdentity, row.sealedContact, row.receiptHash, sqliteTime(row.signedOn), row.orderKey,
            );
            if (receipt) enqueueMailDirect(direct, receipt(letter), now);
            const notice = duplicateNotice?.(letter, { id: first.id, sealedContact: first.sealedContact && new Uint8Array(first.sealedContact) });
            if (notice) enqueueMailDirect(direct, notice, now);
            return { outcome: "stored", revealed: false, decoy: true } as const;
          }
          direct.run(
            'INSERT INTO "Signature" ("id", "letterId", "emailTag", "publicLine", "sealedIdentity", "sealedContact", "receiptHash", "signedOn", "orderKey", "listed") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
            row.id, row.letterId, row.emailTag, row.publicLine, row.sealedIdentity, row.sealedContact, row.receiptHash, sqliteTime(row.signedOn), row.orderKey,
          );
          if (receipt) enqueueMailDirect(direct, receipt(letter), now);
          let revealed = false;
          if (reachesThreshold(letter)) {
            const flipped = direct.run(`UPDATE "Letter" SET "status" = 'REVEALED', "revealedAt" = ? WHERE "id" = ? AND "status" = 'OPEN'`, sqliteTime(now), letterId);
            revealed = flipped.changes === 1;
            if (revealed) recordAuditDirect(direct, letterId, "revealed");
          }
          return { outcome: "stored", revealed, decoy: false } as const;
        });
      } catch (error) {
        if (error instanceof Outcome) return error.result;
        throw error;
      }
    },
  };
}
