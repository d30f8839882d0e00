// The running app's own database, reached directly (better-sqlite3 on its SQLite file,
// pg on its PostgreSQL url) for what a journey cannot wait for in real time: the next
// hourly count batch, the end of a 48-hour cooling-off period, a week between updates.
// Only time-keeping columns are moved; every state change still happens in the app.
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

export type AppDatabase = {
  /** One statement with `?` placeholders; returns the rows (empty for an update). */
  query: <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>;
  /** Sets a DateTime column of one row, stored as the app stores it (SQLite: integer or ISO text). */
  setDate: (table: string, column: string, id: string, value: Date) => Promise<void>;
  close: () => Promise<void>;
};

export async function openAppDatabase(app: { dataDir: string }, postgresUrl: string | null): Promise<AppDatabase> {
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    const query = async <Row>(sql: string, params: unknown[] = []) => {
      let n = 0;
      const result = await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return result.rows as Row[];
    };
    return {
      query,
      setDate: async (table, column, id, value) => void (await query(`UPDATE "${table}" SET "${column}" = ? WHERE id = ?`, [value, id])),
      close: () => client.end(),
    };
  }
  const db = new Database(path.join(app.dataDir, "app.db"));
  db.pragma("busy_timeout = 5000");
  const query = async <Row>(sql: string, params: unknown[] = []) => {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  };
  return {
    query,
    setDate: async (table, column, id, value) => {
      // Prisma's SQLite adapter may keep a DateTime as epoch milliseconds or as ISO text:
      // write it the way the row already holds dates (its own column, or createdAt).
      const [row] = await query<{ kind: string }>(
        `SELECT typeof(COALESCE("${column}", "createdAt")) AS kind FROM "${table}" WHERE id = ?`,
        [id],
      );
      const stored = row?.kind === "integer" ? value.getTime() : value.toISOString();
      await query(`UPDATE "${table}" SET "${column}" = ? WHERE id = ?`, [stored, id]);
    },
    close: async () => void db.close(),
  };
}
