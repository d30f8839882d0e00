import { expect, test } from "vitest";
import { pgDirect, sqliteDirect } from "~/db/client.server";
import { signingStore } from "~/domain/letters/signing-store/index.server";
import { postgresSigningStore } from "~/domain/letters/signing-store/postgres.server";
import { prismaSigningStore } from "~/domain/letters/signing-store/prisma.server";
import { sqliteSigningStore } from "~/domain/letters/signing-store/sqlite.server";

// Decision 008 and issue 17: the signing steps run as plain SQL on either database
// (tests/sqlite and tests/postgres hold each path to Prisma's rows). Were the
// connection's handle or the pool no longer found, the app would quietly fall back
// to Prisma and a signing rush would take twice the CPU: this says so.
test("the signing steps take the plain-SQL path on SQLite and on PostgreSQL, never Prisma's", async () => {
  const onSqlite = process.env.DATABASE_URL!.startsWith("file:");
  const sqlite = await sqliteDirect();
  const postgres = pgDirect();
  expect(sqlite !== null).toBe(onSqlite);
  expect(postgres !== null).toBe(!onSqlite);
  const store = await signingStore();
  expect(store).not.toBe(prismaSigningStore);
  expect(store).toBe(onSqlite ? sqliteSigningStore(sqlite!) : postgresSigningStore(postgres!));
});
