// What the database holds for a letter, read directly: the figures a fault must leave
// exact. One set of queries for both databases: PostgreSQL (a postgres:// URL) or the
// SQLite file (a file: URL), opened by the test itself, not through the app.
import Database from "better-sqlite3";
import pg from "pg";
import { sqliteFilePath } from "~/db/sqlite-path.server";

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

export async function letterFigures(databaseUrl: string, letterId: string) {
  if (databaseUrl.startsWith("file:")) {
    const db = new Database(sqliteFilePath(databaseUrl), { readonly: true, fileMustExist: true });
    try {
      // One parameter: PostgreSQL calls it $1, SQLite ?.
      return await figuresFrom(async (sql, id) => db.prepare(sql.replaceAll("$1", "?")).get(id) as Record<string, unknown>, letterId);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await figuresFrom(async (sql, id) => (await client.query(sql, [id])).rows[0] as Record<string, unknown>, letterId);
  } finally {
    await client.end();
  }
}
