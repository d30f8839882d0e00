// What the database holds for a letter, read directly: the figures a fault must leave exact.
import pg from "pg";

export async function letterFigures(databaseUrl: string, letterId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const one = async (sql: string) => Number((await client.query<{ n: string }>(sql, [letterId])).rows[0]!.n);
    const status = (
      await client.query<{ status: string; signatureCount: number }>(`SELECT status, "signatureCount" FROM "Letter" WHERE id = $1`, [
        letterId,
      ])
    ).rows[0]!;
    return {
      status: status.status,
      signatureCount: status.signatureCount,
      signatures: await one(`SELECT count(*) AS n FROM "Signature" WHERE "letterId" = $1`),
      decoys: await one(`SELECT count(*) AS n FROM "DecoyReceipt" WHERE "letterId" = $1`),
      reveals: await one(`SELECT count(*) AS n FROM "AuditEvent" WHERE "letterId" = $1 AND kind = 'revealed'`),
    };
  } finally {
    await client.end();
  }
}
