// What the database holds for a letter, read directly: the figures a fault must leave
// exact. One set of queries for both databases: PostgreSQL (a postgres:// URL) or the
// SQLite file (a file: URL), opened by the test, not through the app.
import pg from "pg";
import { readSqlite } from "./sqlite-read";

/** Runs `sql` (one `$1` parameter: the letter) and returns its first row. */
type FirstRow = (sql: string, letterId: string) => Promise<Record<string, unknown>>;

async function figuresFrom(firstRow: FirstRow, letterId: string) {
  const count = async (sql: string) => Number((await firstRow(sql, letterId)).n);
  const letter = await firstRow(`SELECT status, "signatureCount" FROM "Letter" WHERE id = $1`, letterId);
  return {
    status: String(letter.status),
    signatureCount: Number(letter.signatureCount),
    signatures: await count(`SELECT count(*) AS n FROM "Signature" WHERE "letterId" = $1`),
    decoys: await count(`SELECT count(*) AS n FROM "DecoyReceipt" WHERE "letterId" = $1`),
    reveals: await count(`SELECT count(*) AS n FROM "AuditEvent" WHERE "letterId" = $1 AND kind = 'revealed'`),
  };
}

/** `wrapper`: where the SQLite file is only reachable inside a mount namespace (sqlite-read.ts). */
export async function letterFigures(databaseUrl: string, letterId: string, { wrapper }: { wrapper?: string[] } = {}) {
  if (databaseUrl.startsWith("file:")) {
    // One parameter: PostgreSQL calls it $1, SQLite ?.
    return figuresFrom(
      async (sql, id) => readSqlite(databaseUrl, [{ sql: sql.replaceAll("$1", "?"), params: [id] }], { wrapper })[0]![0]!,
      letterId,
    );
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await figuresFrom(async (sql, id) => (await client.query(sql, [id])).rows[0] as Record<string, unknown>, letterId);
  } finally {
    await client.end();
  }
}
