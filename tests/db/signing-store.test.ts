import { expect, test } from "vitest";
import { sqliteDirect } from "~/db/client.server";
import { signingStore } from "~/domain/letters/signing-store/index.server";
import { prismaSigningStore } from "~/domain/letters/signing-store/prisma.server";

// Decision 008: on SQLite the signing steps run as plain SQL (tests/sqlite holds
// that path to Prisma's rows); on PostgreSQL they go through Prisma. Were the
// SQLite connection's handle no longer found, the app would quietly fall back to
// Prisma and a signing rush would take twice the CPU: this says so.
test("the signing steps take the plain-SQL path on SQLite and Prisma on PostgreSQL", async () => {
  const onSqlite = process.env.DATABASE_URL!.startsWith("file:");
  expect((await sqliteDirect()) !== null).toBe(onSqlite);
  expect((await signingStore()) === prismaSigningStore).toBe(!onSqlite);
});
