// The plain-SQL path on PostgreSQL (issue 17's cheaper signing flow): it must
// write the very rows Prisma writes, through the same steps and statements as
// SQLite's (tests/sqlite/direct-sql.test.ts), and count exactly under concurrency.
import { afterEach, expect, test } from "vitest";
import { countRateLimitsThroughPrisma } from "~/auth/rate-limit.server";
import { db, pgDirect } from "~/db/client.server";
import type { PostgresDirect } from "~/db/postgres-direct.server";
import { postgresSigningStore } from "~/domain/letters/signing-store/postgres.server";
import { countRateLimitsPg } from "~/domain/letters/signing-store/postgres-rows.server";
import { ADDED_ROWS_DELETE_ORDER, type Letters, throughBothWays } from "../support/signing-ways";

type Counters = { key: string; expiresAt: Date }[];

function direct(): PostgresDirect {
  const found = pgDirect();
  if (!found) throw new Error("the PostgreSQL suite should have the plain-SQL path");
  return found;
}

afterEach(async () => {
  await db().rateLimitCounter.deleteMany();
});

/** The tables the signing steps and rate limits write, which of their rows a run may touch, and each one's key. */
const TABLES = {
  Letter: { where: '"id" = ANY($1)', key: "id" },
  Signature: { where: '"letterId" = ANY($1)', key: "id" },
  DecoyReceipt: { where: '"letterId" = ANY($1)', key: "id" },
  SigningVerification: { where: '"letterId" = ANY($1)', key: "id" },
  AuditEvent: { where: '"letterId" = ANY($1)', key: "id" },
  OutboxKey: { where: "TRUE", key: "epoch" },
  OutboxMessage: { where: "TRUE", key: "id" },
  RateLimitCounter: { where: "TRUE", key: "key" },
} as const;
type Table = keyof typeof TABLES;
type Rows = Record<Table, Record<string, unknown>[]>;

/**
 * Those rows as PostgreSQL stores them, each as row_to_json renders it: the
 * column's own type, verbatim (a timestamp written in another zone, a flag stored
 * as a number, bytes stored as text would all show), sorted by key.
 */
async function storedRows({ letter, plain, draft, trustee, cooling }: Letters): Promise<Rows> {
  const ids = [letter.id, plain.id, draft.id, trustee.id, cooling.id];
  const rows = {} as Rows;
  for (const table of Object.keys(TABLES) as Table[]) {
    const { where, key } = TABLES[table];
    const found = await db().$queryRawUnsafe<{ row: Record<string, unknown> }[]>(
      `SELECT row_to_json(t) AS "row" FROM "${table}" t WHERE ${where} ORDER BY "${key}"`,
      ...(where.includes("$1") ? [ids] : []),
    );
    rows[table] = found.map(({ row }) => row);
  }
  return rows;
}

/** Puts the rows back as `start` had them: new rows deleted (mail before its key), the letters' columns restored. */
async function rewind(start: Rows, now: Rows) {
  for (const table of ADDED_ROWS_DELETE_ORDER) {
    const { key } = TABLES[table];
    const kept = new Set(start[table].map((row) => row[key]));
    for (const row of now[table].filter((row) => !kept.has(row[key])))
      await db().$executeRawUnsafe(`DELETE FROM "${table}" WHERE "${key}"::text = $1`, String(row[key]));
  }
  // Each letter's row back as row_to_json rendered it.
  for (const row of start.Letter) {
    await db().$executeRawUnsafe(
      `UPDATE "Letter" AS l SET ("status", "signatureCount", "revealedAt", "coolingOffEndsAt") = ` +
        `(SELECT r."status", r."signatureCount", r."revealedAt", r."coolingOffEndsAt" FROM json_populate_record(NULL::"Letter", $1::json) r) ` +
        `WHERE l."id" = $2`,
      JSON.stringify(row),
      row.id,
    );
  }
}

/** Everything equal but what is chosen at random (ids, sealed blobs bound to them, a new hour's key) and the clock's stamps. */
function comparable(rows: Rows) {
  const time = (value: unknown) =>
    typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?$/.test(value) ? "<time>" : value;
  const uuid = (value: unknown) =>
    typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value) ? "<uuid>" : value;
  const blob = (value: unknown) =>
    typeof value === "string" && /^\\x([0-9a-f]{2})+$/.test(value) ? `<${(value.length - 2) / 2} bytes>` : value;
  // Rows told apart only by their random ids compare as a set: sorted once those are masked.
  const sorted = <T>(list: T[]) => list.map((row) => JSON.stringify(row)).sort();
  return {
    ...rows,
    OutboxKey: rows.OutboxKey.map((row) => ({ ...row, wrappedKey: blob(row.wrappedKey) })),
    OutboxMessage: sorted(
      rows.OutboxMessage.map((row) => ({
        ...row,
        id: uuid(row.id),
        sealed: blob(row.sealed),
        createdAt: time(row.createdAt),
        nextAttemptAt: time(row.nextAttemptAt),
      })),
    ),
    AuditEvent: sorted(rows.AuditEvent.map((row) => ({ ...row, id: uuid(row.id), createdAt: time(row.createdAt) }))),
  };
}

test("plain SQL and Prisma write and read the very same rows at every signing step", async () => {
  const d = direct();
  const plain = { store: postgresSigningStore(d), countRateLimits: (counters: Counters, at: Date) => countRateLimitsPg(d, counters, at) };
  const { letters, ids, start, prismaRows, sqlRows } = await throughBothWays(plain, { storedRows, rewind });

  expect(comparable(sqlRows)).toEqual(comparable(prismaRows));
  expect(sqlRows.OutboxMessage.length - start.OutboxMessage.length).toBe(3);
  expect(sqlRows.AuditEvent.length - start.AuditEvent.length).toBe(3);
  expect(sqlRows.SigningVerification.map((row) => row.id)).toEqual([ids.leftOver]);
  // UTC wall time, as Prisma's adapter writes it, whatever the server's zone.
  expect(sqlRows.RateLimitCounter.map((row) => [row.key, row.count, row.updatedAt])).toEqual([
    ["test-direct:email", 2, "2026-11-29T10:11:13.345"],
    ["test-direct:ip", 2, "2026-11-29T10:11:13.345"],
  ]);
  const letterRow = (rows: Rows, id: string) => rows.Letter.find((row) => row.id === id);
  expect([letterRow(sqlRows, letters.plain.id)?.signatureCount, letterRow(sqlRows, letters.plain.id)?.status]).toEqual([1, "OPEN"]);
  expect(letterRow(sqlRows, letters.draft.id)).toEqual(letterRow(start, letters.draft.id));
});

test("many signers' plain-SQL steps and Prisma transactions side by side: every count exact", async () => {
  const d = direct();
  const counters = (n: number) => [
    { key: `rush:ip:${n % 3}`, expiresAt: new Date(Date.now() + 3_600_000) },
    { key: "rush:letter", expiresAt: new Date(Date.now() + 3_600_000) },
  ];
  // 40 requests, half counted as plain SQL and half through Prisma, all at once, on overlapping counters.
  const counted = await Promise.all(
    Array.from({ length: 40 }, (_, n) =>
      n % 2 === 0 ? countRateLimitsPg(d, counters(n), new Date()) : countRateLimitsThroughPrisma(counters(n), new Date()),
    ),
  );
  // Each request saw its own count of the shared counter: 1 to 40, each once.
  expect(counted.map(([, letter]) => letter).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  const rows = await db().rateLimitCounter.findMany({ orderBy: { key: "asc" } });
  expect(rows.map((row) => [row.key, row.count])).toEqual([
    ["rush:ip:0", 14],
    ["rush:ip:1", 13],
    ["rush:ip:2", 13],
    ["rush:letter", 40],
  ]);
});

test("a statement that fails inside a plain-SQL transaction rolls it back; the connection serves the next one", async () => {
  const d = direct();
  await expect(
    d.transaction(async (q) => {
      await q.run(
        'INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)',
        "kept?",
        new Date(),
        new Date(),
      );
      await q.run(
        'INSERT INTO "RateLimitCounter" ("key", "count", "expiresAt", "updatedAt") VALUES (?, 1, ?, ?)',
        "kept?",
        new Date(),
        new Date(),
      );
    }),
  ).rejects.toMatchObject({ code: "23505" });
  expect(await db().rateLimitCounter.count()).toBe(0);
  // Ten times the pool's size: a connection left in a broken transaction would show here.
  for (let i = 0; i < 100; i++) await countRateLimitsPg(d, [{ key: "after", expiresAt: new Date(Date.now() + 60_000) }], new Date());
  expect((await db().rateLimitCounter.findUniqueOrThrow({ where: { key: "after" } })).count).toBe(100);
});

test("the server dropping a connection in the middle of a plain-SQL transaction fails that transaction, not the process", async () => {
  const d = direct();
  const dropped = d.transaction(async (q) => {
    const [backend] = await q.rows<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    // As a PostgreSQL restart does: the server ends the connection while it is checked out.
    await db().$queryRawUnsafe("SELECT pg_terminate_backend($1)", backend!.pid);
    // The "error" event arrives between statements, when no query is waiting for it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await q.run("SELECT 1");
  });
  await expect(dropped).rejects.toThrow();
  // The dropped connection went back broken; the pool serves the next caller.
  await countRateLimitsPg(d, [{ key: "after a drop", expiresAt: new Date(Date.now() + 60_000) }], new Date());
  expect((await db().rateLimitCounter.findUniqueOrThrow({ where: { key: "after a drop" } })).count).toBe(1);
});
