// Applies prisma/<provider>/migrations/*/migration.sql at start-up and from
// `npm run db:migrate`, recording each in `_prisma_migrations` as Prisma does, so
// no Prisma CLI (and no engine download) is needed at run time. Safe when several
// processes start at once: SQLite takes the write lock, PostgreSQL an advisory lock.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { explainDiskFull } from "./disk-full.server";
import { sqliteFilePath } from "./sqlite-path.server";

export type Migration = { name: string; sql: string; checksum: string };
export type Provider = "sqlite" | "postgres";

export function migrationsDir(provider: Provider) {
  return path.resolve(process.env.MIGRATIONS_ROOT ?? "prisma", provider, "migrations");
}

export function readMigrations(provider: Provider): Migration[] {
  const dir = migrationsDir(provider);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

type Applied = { migration_name: string; checksum: string; finished_at: unknown };

/** Which migrations still need applying; refuses a history that was edited or left half-done. */
export function pendingMigrations(all: Migration[], applied: Applied[]) {
  const byName = new Map(applied.map((row) => [row.migration_name, row]));
  for (const row of applied) {
    if (!row.finished_at) throw new Error(`migration ${row.migration_name} failed earlier; fix the database by hand`);
    const local = all.find((m) => m.name === row.migration_name);
    if (local && local.checksum !== row.checksum) {
      throw new Error(`migration ${row.migration_name} was changed after it was applied`);
    }
  }
  return all.filter((m) => !byName.has(m.name));
}

export async function migrate(databaseUrl: string): Promise<string[]> {
  return databaseUrl.startsWith("file:") ? migrateSqlite(databaseUrl) : migratePostgres(databaseUrl);
}

function migrateSqlite(databaseUrl: string): string[] {
  const file = sqliteFilePath(databaseUrl);
  try {
    return migrateSqliteFile(file);
  } catch (error) {
    // The first thing a start does with the file: where the disk is full, say so.
    throw explainDiskFull(error, file);
  }
}

function migrateSqliteFile(file: string): string[] {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    // WAL lets readers go on while one writer commits; it persists in the file.
    db.pragma("journal_mode = WAL");
    // A migration that drops or rebuilds a table (sealed_outbox drops the plain
    // mail columns, decision 009) must not leave the old rows in free pages.
    db.pragma("secure_delete = ON");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const run = db.transaction(() => {
      const applied = db
        .prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`)
        .all() as Applied[];
      const pending = pendingMigrations(readMigrations("sqlite"), applied);
      for (const m of pending) {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 1)`,
        ).run(crypto.randomUUID(), m.checksum, Date.now(), m.name);
      }
      return pending.map((m) => m.name);
    });
    const applied = run.immediate();
    // ... nor in the WAL's old page images.
    if (applied.length > 0) db.pragma("wal_checkpoint(TRUNCATE)");
    return applied;
  } finally {
    db.close();
  }
}

// Any fixed number: every instance of the app asks for the same lock.
const MIGRATION_LOCK_ID = 72_707_369;

async function migratePostgres(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<Applied>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const pending = pendingMigrations(readMigrations("postgres"), rows);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}
