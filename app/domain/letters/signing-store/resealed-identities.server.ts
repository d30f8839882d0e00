// The writes of the trustees' release (issue 15, decision 016), where one chunk of
// a trustee's shares can mean thousands of rows: the shares stored (wrapped under
// the data key), and the signatures that k shares now open, each with its
// identity sealed again under the data key as an ordinary server-sealed identity,
// its released shares deleted. At 100,000 signatures, through Prisma one row at a
// time, that was about 20 s; here it is one statement per row on SQLite's own
// connection in one synchronous transaction (decision 008), and one statement
// per chunk on PostgreSQL.
//
// Each identity is rewritten only while its row is still trustee-sealed, so two
// releases or reveals running at once write each row once; and the letter is
// held in the status it was checked in (as `holdStatus` does), so no share is
// stored for a letter cancelled a moment ago.
import { db, sqliteDirect, type Tx } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors.server";
import { Prisma } from "~/db/generated/sqlite/client";
import { AppError } from "~/errors";
import { IdentitySealing } from "~/domain/letters/identity-sealing";

export type Resealed = { id: string; sealedIdentity: Uint8Array };
export type StoredShare = { letterId: string; signatureId: string; trusteeId: string; sealedShare: Uint8Array<ArrayBuffer> };
/** The letter, and the status to hold it in (none for the reveal, which flips it after). */
export type HeldLetter = { id: string; status: string | null };

const HOLD_SQLITE = 'UPDATE "Letter" SET "status" = ? WHERE "id" = ? AND "status" = ?';
const INSERT_SHARE_SQLITE =
  'INSERT INTO "TrusteeShare" ("letterId", "signatureId", "trusteeId", "sealedShare") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING';
const RESEAL_SQLITE =
  'UPDATE "Signature" SET "sealedIdentity" = ?, "identitySealing" = ? WHERE "id" = ? AND "letterId" = ? AND "identitySealing" = ?';
const DELETE_SHARES_SQLITE = 'DELETE FROM "TrusteeShare" WHERE "signatureId" = ?';

/**
 * In one transaction, with the letter held in its status: stores the shares not
 * stored yet and the resealed identities. Returns how many shares this call
 * stored and how many rows it turned server-sealed.
 */
export async function storeReleaseChunk(
  letter: HeldLetter,
  shares: StoredShare[],
  resealed: Resealed[],
): Promise<{ stored: number; opened: number }> {
  if (shares.length === 0 && resealed.length === 0) return { stored: 0, opened: 0 };
  const direct = await sqliteDirect();
  if (direct) {
    return direct.transaction(() => {
      if (letter.status !== null && direct.run(HOLD_SQLITE, letter.status, letter.id, letter.status).changes === 0)
        throw new AppError("release-status-changed");
      let stored = 0;
      for (const share of shares)
        stored += direct.run(INSERT_SHARE_SQLITE, share.letterId, share.signatureId, share.trusteeId, share.sealedShare).changes;
      let opened = 0;
      for (const row of resealed) {
        const { changes } = direct.run(
          RESEAL_SQLITE,
          row.sealedIdentity,
          IdentitySealing.SERVER,
          row.id,
          letter.id,
          IdentitySealing.TRUSTEES,
        );
        if (changes === 0) continue;
        opened += 1;
        direct.run(DELETE_SHARES_SQLITE, row.id);
      }
      return { stored, opened };
    });
  }
  try {
    return await storeThroughPrisma(letter, shares, resealed);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same chunk, posted twice at once (a retry over a slow network): store what is not stored yet.
    const taken = await db().trusteeShare.findMany({
      where: { OR: shares.map(({ signatureId, trusteeId }) => ({ signatureId, trusteeId })) },
      select: { signatureId: true, trusteeId: true },
    });
    const key = (row: { signatureId: string; trusteeId: string }) => `${row.signatureId} ${row.trusteeId}`;
    const isTaken = new Set(taken.map(key));
    return storeThroughPrisma(
      letter,
      shares.filter((share) => !isTaken.has(key(share))),
      resealed,
    );
  }
}

async function storeThroughPrisma(letter: HeldLetter, shares: StoredShare[], resealed: Resealed[]) {
  return db().$transaction(async (tx) => {
    if (letter.status !== null) {
      const { count } = await tx.letter.updateMany({ where: { id: letter.id, status: letter.status }, data: { status: letter.status } });
      if (count === 0) throw new AppError("release-status-changed");
    }
    const stored = shares.length ? (await tx.trusteeShare.createMany({ data: shares })).count : 0;
    return { stored, opened: await resealThroughPrisma(tx, letter.id, resealed) };
  });
}

async function resealThroughPrisma(tx: Tx, letterId: string, rows: Resealed[]) {
  if (rows.length === 0) return 0;
  const values = Prisma.join(rows.map((row) => Prisma.sql`(${row.id}, ${row.sealedIdentity}::bytea)`));
  const changed = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Signature" AS s SET "sealedIdentity" = v.blob, "identitySealing" = ${IdentitySealing.SERVER}
    FROM (VALUES ${values}) AS v(id, blob)
    WHERE s."id" = v.id AND s."letterId" = ${letterId} AND s."identitySealing" = ${IdentitySealing.TRUSTEES}
    RETURNING s."id"`;
  if (changed.length) await tx.trusteeShare.deleteMany({ where: { signatureId: { in: changed.map((row) => row.id) } } });
  return changed.length;
}
