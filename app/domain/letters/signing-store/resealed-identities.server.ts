// The reveal with trustees' shares (issue 15) writes, per opened signature, its
// identity sealed again under the data key, marks it server-sealed, and deletes its
// released shares. At 100,000 signatures that is 100,000 row updates: through
// Prisma, one at a time, about 20 s; here one statement per row on SQLite's own
// connection (decision 008), one statement per chunk on PostgreSQL. Each update is
// guarded on the row still being trustee-sealed, so two reveals running at once
// write each row once.
import { db, sqliteDirect } from "~/db/client.server";
import { Prisma } from "~/db/generated/sqlite/client";
import { IdentitySealing } from "~/domain/letters/identity-sealing";

export type Resealed = { id: string; sealedIdentity: Uint8Array };

const UPDATE_SQLITE =
  'UPDATE "Signature" SET "sealedIdentity" = ?, "identitySealing" = ? WHERE "id" = ? AND "letterId" = ? AND "identitySealing" = ?';
const DELETE_SHARES_SQLITE = 'DELETE FROM "TrusteeShare" WHERE "signatureId" = ?';

/** Stores the chunk; returns how many rows this call turned server-sealed. */
export async function storeResealed(letterId: string, rows: Resealed[]): Promise<number> {
  if (rows.length === 0) return 0;
  const direct = await sqliteDirect();
  if (direct) {
    return direct.transaction(() => {
      let changed = 0;
      for (const row of rows) {
        const { changes } = direct.run(
          UPDATE_SQLITE,
          row.sealedIdentity,
          IdentitySealing.SERVER,
          row.id,
          letterId,
          IdentitySealing.TRUSTEES,
        );
        if (changes === 0) continue;
        changed += 1;
        direct.run(DELETE_SHARES_SQLITE, row.id);
      }
      return changed;
    });
  }
  return db().$transaction(async (tx) => {
    const values = Prisma.join(rows.map((row) => Prisma.sql`(${row.id}, ${row.sealedIdentity}::bytea)`));
    const changed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Signature" AS s SET "sealedIdentity" = v.blob, "identitySealing" = ${IdentitySealing.SERVER}
      FROM (VALUES ${values}) AS v(id, blob)
      WHERE s."id" = v.id AND s."letterId" = ${letterId} AND s."identitySealing" = ${IdentitySealing.TRUSTEES}
      RETURNING s."id"`;
    if (changed.length) await tx.trusteeShare.deleteMany({ where: { signatureId: { in: changed.map((row) => row.id) } } });
    return changed.length;
  });
}
