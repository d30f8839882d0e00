// Which database the suite runs on, and every table in it: the scans that check no
// table holds a secret read them all, so a new table is scanned without being named.
import { db } from "~/db/client.server";

export const isSqlite = () => process.env.DATABASE_URL!.startsWith("file:");

/** Every table of the test database, sorted. */
export async function tableNames(): Promise<string[]> {
  const rows = isSqlite()
    ? await db().$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    : await db().$queryRawUnsafe<{ name: string }[]>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      );
  return rows.map((r) => r.name).sort();
}
