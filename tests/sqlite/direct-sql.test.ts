// The plain-SQL path on SQLite (decision 008): it must write the very rows
// Prisma writes, and share the one connection with Prisma without ever joining
// or splitting a transaction.
import { afterEach, expect, test } from "vitest";
import { consumeRateLimit } from "~/auth/rate-limit.server";
import { db, sqliteDirect } from "~/db/client.server";
import type { SqliteDirect } from "~/db/sqlite-direct.server";
import { sqliteSigningStore } from "~/domain/letters/signing-store/sqlite.server";
import { countRateLimitsDirect } from "~/domain/letters/signing-store/sqlite-rows.server";
import { ADDED_ROWS_DELETE_ORDER, type Letters, throughBothWays } from "../support/signing-ways";

type Counters = { key: string; expiresAt: Date }[];

async function direct(): Promise<SqliteDirect> {
  const found = await sqliteDirect();
  if (!found) throw new Error("the SQLite suite should have the plain-SQL path");
  return found;
}

afterEach(async () => {
  await db().rateLimitCounter.deleteMany();
});

/** The tables the signing steps and rate limits write, and which of their rows a run may touch. */
const TABLES = {
  Letter: '"id" IN (?, ?, ?, ?, ?)',
  Signature: '"letterId" IN (?, ?, ?, ?, ?)',
  DecoyReceipt: '"letterId" IN (?, ?, ?, ?, ?)',
  SigningVerification: '"letterId" IN (?, ?, ?, ?, ?)',
  AuditEvent: '"letterId" IN (?, ?, ?, ?, ?)',
  OutboxKey: "1 = 1",
  OutboxMessage: "1 = 1",
  RateLimitCounter: "1 = 1",
} as const;
type Table = keyof typeof TABLES;
type Rows = Record<Table, Record<string, string>[]>;
const keyOf = (table: Table) => (table === "OutboxKey" ? "epoch" : table === "RateLimitCounter" ? "key" : "id");

/**
 * Those rows as SQLite stores them, every column as quote() renders it: text,
 * integer, blob or NULL, verbatim (a DateTime written in another format, a number
 * stored as text, a flag stored as a string would all show), in insertion order.
 */
async function storedRows({ letter, plain, draft, trustee, cooling }: Letters): Promise<Rows> {
  const rows = {} as Rows;
  for (const table of Object.keys(TABLES) as Table[]) {
    const columns = await db().$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM pragma_table_info('${table}')`);
    const where = TABLES[table];
    rows[table] = await db().$queryRawUnsafe<Record<string, string>[]>(
      `SELECT ${columns.map(({ name }) => `quote("${name}") AS "${name}"`).join(", ")} FROM "${table}" WHERE ${where} ORDER BY rowid`,
      ...(where.includes("?") ? [letter.id, plain.id, draft.id, trustee.id, cooling.id] : []),
    );
  }
  return rows;
}

/** Puts the rows back as `start` had them: new rows deleted (mail before its key), the letters' columns restored. */
async function rewind(start: Rows, now: Rows) {
  for (const table of ADDED_ROWS_DELETE_ORDER) {
    const key = keyOf(table);
    const kept = new Set(start[table].map((row) => row[key]));
    for (const row of now[table].filter((row) => !kept.has(row[key])))
      await db().$executeRawUnsafe(`DELETE FROM "${table}" WHERE "${key}" = ${row[key]}`);
  }
  // quote() renders SQL literals, so the restoring UPDATE writes back the very values.
  for (const row of start.Letter) {
    await db().$executeRawUnsafe(
      `UPDATE "Letter" SET ${Object.entries(row)
        .map(([name, value]) => `"${name}" = ${value}`)
        .join(", ")} WHERE "id" = ${row.id}`,
    );
  }
}

/**
 * What must be equal between the two ways: everything, except the values chosen
 * at random (outbox and audit ids, the sealed blob bound to its id, a new hour's
 * key) and the mail and audit times (Prisma's rows take the clock; plain SQL stamps
 * a mail with the step's `now`), of which only the format must agree.
 */
function comparable(rows: Rows) {
  const time = (value: string | undefined) => (/^'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00'$/.test(value ?? "") ? "<time>" : value);
  const uuid = (value: string | undefined) =>
    /^'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'$/.test(value ?? "") ? "<uuid>" : value;
  const blob = (value: string | undefined) => (/^X'([0-9A-F]{2})+'$/.test(value ?? "") ? `<${(value!.length - 3) / 2} bytes>` : value);
  return {
    ...rows,
    OutboxKey: rows.OutboxKey.map((row) => ({ ...row, wrappedKey: blob(row.wrappedKey) })),
    OutboxMessage: rows.OutboxMessage.map((row) => ({
      ...row,
      id: uuid(row.id),
      sealed: blob(row.sealed),
      createdAt: time(row.createdAt),
      nextAttemptAt: time(row.nextAttemptAt),
    })),
    AuditEvent: rows.AuditEvent.map((row) => ({ ...row, id: uuid(row.id), createdAt: time(row.createdAt) })),
  };
}

test("plain SQL and Prisma write and read the very same rows at every signing step", async () => {
  const d = await direct();
  const plain = { store: sqliteSigningStore(d), countRateLimits: (counters: Counters, at: Date) => countRateLimitsDirect(d, counters, at) };
  const { letters, ids, start, prismaRows, sqlRows } = await throughBothWays(plain, { storedRows, rewind });

  // Column for column, every row of every table the steps write (Letter, Signature,
  // DecoyReceipt, SigningVerification, OutboxKey, OutboxMessage, AuditEvent, RateLimitCounter).
  expect(comparable(sqlRows)).toEqual(comparable(prismaRows));
  expect(sqlRows.OutboxMessage.length - start.OutboxMessage.length).toBe(3);
  expect(sqlRows.AuditEvent.length - start.AuditEvent.length).toBe(3);
  expect(sqlRows.SigningVerification.map((row) => row.id)).toEqual([`'${ids.leftOver}'`]);
  expect(sqlRows.RateLimitCounter.map((row) => [row.key, row.count, row.updatedAt])).toEqual([
    ["'test-direct:ip'", "2", "'2026-11-29T10:11:13.345+00:00'"],
    ["'test-direct:email'", "2", "'2026-11-29T10:11:13.345+00:00'"],
  ]);
  // The plain signature counts without revealing; the letter that is not open is untouched.
  const letterRow = (rows: Rows, id: string) => rows.Letter.find((row) => row.id === `'${id}'`);
  expect([letterRow(sqlRows, letters.plain.id)?.signatureCount, letterRow(sqlRows, letters.plain.id)?.status]).toEqual(["1", "'OPEN'"]);
  expect(letterRow(sqlRows, letters.draft.id)).toEqual(letterRow(start, letters.draft.id));
});

test("timestamps written as plain SQL sort and compare in Prisma's queries like Prisma's own", async () => {
  const d = await direct();
  await d.transaction(() =>
    d.run(
      'INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)',
      "plain",
      "2026-11-29T10:00:00.000+00:00",
      "2026-11-29T09:00:00.000+00:00",
    ),
  );
  await db().rateLimitCounter.create({ data: { key: "prisma", count: 1, expiresAt: new Date("2026-11-29T11:00:00.000Z") } });
  const due = await db().rateLimitCounter.findMany({
    where: { expiresAt: { lt: new Date("2026-11-29T10:30:00.000Z") } },
    select: { key: true },
  });
  expect(due).toEqual([{ key: "plain" }]);
  const sorted = await db().rateLimitCounter.findMany({ orderBy: { expiresAt: "desc" }, select: { key: true, expiresAt: true } });
  expect(sorted).toEqual([
    { key: "prisma", expiresAt: new Date("2026-11-29T11:00:00.000Z") },
    { key: "plain", expiresAt: new Date("2026-11-29T10:00:00.000Z") },
  ]);
});

test("a plain-SQL transaction waits for an open Prisma transaction, and does not join it", async () => {
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let inside!: () => void;
  const prismaStarted = new Promise<void>((resolve) => (inside = resolve));
  const prismaTx = db()
    .$transaction(async (tx) => {
      await tx.rateLimitCounter.create({ data: { key: "rolled-back", count: 1, expiresAt: new Date(Date.now() + 60_000) } });
      inside();
      await gate;
      throw new Error("roll back");
    })
    .catch((error: Error) => error.message);
  await prismaStarted;

  let counted = false;
  const counting = consumeRateLimit({ name: "test-interleave", max: 5, windowMs: 60_000 }, "subject").then(() => (counted = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(counted).toBe(false); // waiting for the Prisma transaction to end
  openGate();
  expect(await prismaTx).toBe("roll back");
  await counting;
  const keys = (await db().rateLimitCounter.findMany({ select: { key: true, count: true } })).map((row) => [
    row.key.split(":")[0],
    row.count,
  ]);
  // The count survived the Prisma rollback (it was not inside it), and the rolled-back row is gone.
  expect(keys).toEqual([["test-interleave", 1]]);
});

test("a plain-SQL transaction that throws leaves nothing behind, and the next one commits", async () => {
  const d = await direct();
  const insert = (key: string) =>
    d.run(
      'INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)',
      key,
      "2026-12-01T00:00:00.000+00:00",
      "2026-11-29T00:00:00.000+00:00",
    );
  await expect(
    d.transaction(() => {
      insert("first");
      insert("first"); // primary key: throws
    }),
  ).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT_PRIMARYKEY" });
  await d.transaction(() => insert("second"));
  expect(await db().rateLimitCounter.findMany({ select: { key: true } })).toEqual([{ key: "second" }]);
});

test("many signers' plain-SQL steps and Prisma transactions side by side: every count exact", async () => {
  const limit = { name: "test-mixed", max: 1_000, windowMs: 60_000 };
  const prismaWrites = Array.from({ length: 20 }, (_, i) =>
    db().$transaction(async (tx) => {
      await tx.rateLimitCounter.upsert({
        where: { key: "prisma-side" },
        create: { key: "prisma-side", count: 1, expiresAt: new Date(Date.now() + 60_000) },
        update: { count: { increment: 1 } },
      });
      await new Promise((resolve) => setTimeout(resolve, i % 3));
    }),
  );
  const plainWrites = Array.from({ length: 60 }, () => consumeRateLimit(limit, "shared"));
  await Promise.all([...prismaWrites, ...plainWrites]);
  const rows = await db().rateLimitCounter.findMany({ select: { key: true, count: true }, orderBy: { key: "asc" } });
  expect(rows.map((row) => [row.key.split(":")[0], row.count])).toEqual([
    ["prisma-side", 20],
    ["test-mixed", 60],
  ]);
});
