import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { createDb } from "~/db/client.server";
import { migrate, pendingMigrations, readMigrations } from "~/db/migrate.server";
import { emptyDatabase } from "../support/scratch-db";

const provider = process.env.DATABASE_URL!.startsWith("file:") ? "sqlite" : "postgres";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

test("an empty database gets every migration, and a second start applies none", async () => {
  const scratch = await emptyDatabase();
  cleanups.push(scratch.drop);
  const all = readMigrations(provider).map((m) => m.name);
  expect(all.length).toBeGreaterThan(0);
  expect(await migrate(scratch.url)).toEqual(all);
  expect(await migrate(scratch.url)).toEqual([]);

  const client = createDb(scratch.url);
  cleanups.push(() => client.$disconnect());
  expect(await client.outboxMessage.count()).toBe(0);
});

test("several processes starting at once apply each migration once", async () => {
  const scratch = await emptyDatabase();
  cleanups.push(scratch.drop);
  const results = await Promise.all([migrate(scratch.url), migrate(scratch.url), migrate(scratch.url)]);
  expect(results.flat().sort()).toEqual(
    readMigrations(provider)
      .map((m) => m.name)
      .sort(),
  );
});

test("a migration edited after it was applied stops the start-up", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  fs.cpSync(path.resolve("prisma"), root, { recursive: true });
  const scratch = await emptyDatabase();
  cleanups.push(scratch.drop);
  process.env.MIGRATIONS_ROOT = root;
  cleanups.push(async () => {
    delete process.env.MIGRATIONS_ROOT;
  });
  await migrate(scratch.url);
  const [first] = readMigrations(provider);
  fs.appendFileSync(path.join(root, provider, "migrations", first!.name, "migration.sql"), "\n-- edited\n");
  await expect(migrate(scratch.url)).rejects.toThrow(`migration ${first!.name} was changed after it was applied`);
});

test("a migration that failed half-way is not silently retried", () => {
  const all = [{ name: "0001_x", sql: "", checksum: "a" }];
  expect(() => pendingMigrations(all, [{ migration_name: "0001_x", checksum: "a", finished_at: null }])).toThrow("failed earlier");
});

test("upgrading to the sealed outbox leaves no queued mail in plain text in the SQLite file (decision 009)", async () => {
  if (provider !== "sqlite") return;
  const scratch = await emptyDatabase();
  cleanups.push(scratch.drop);
  // The database as it was before the sealed outbox, with a code mail waiting.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  fs.cpSync(path.resolve("prisma"), root, { recursive: true });
  const dir = path.join(root, "sqlite", "migrations");
  for (const name of fs.readdirSync(dir)) if (name >= "20261203093313") fs.rmSync(path.join(dir, name), { recursive: true });
  process.env.MIGRATIONS_ROOT = root;
  try {
    await migrate(scratch.url);
  } finally {
    delete process.env.MIGRATIONS_ROOT;
  }
  const file = scratch.url.replace(/^file:/, "");
  const old = new Database(file);
  old
    .prepare(
      `INSERT INTO "OutboxMessage" ("id", "kind", "recipient", "subject", "textBody", "status", "attempts", "nextAttemptAt", "createdAt") VALUES ('m1', 'signing-code', 'upgraded.ulla@microsoft.com', 'Your code', 'Your code is 9876 5432', 'PENDING', 0, 0, 0)`,
    )
    .run();
  old.pragma("wal_checkpoint(TRUNCATE)");
  old.close();
  expect(fs.readFileSync(file).includes("upgraded.ulla@microsoft.com")).toBe(true);

  expect(await migrate(scratch.url)).toContain("20261203093313_sealed_outbox");
  const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
  expect(bytes.includes("upgraded.ulla")).toBe(false);
  expect(bytes.includes("9876 5432")).toBe(false);
});
