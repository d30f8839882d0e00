// The signing store (decisions 008 and 023): what the signing steps read and write
// (types.ts), the signature and reveal steps written once (steps.ts), their
// statements written once (statements.ts), and the stores that carry them out on
// the very same rows: plain SQL on SQLite (sqlite.server.ts, sqlite-rows.server.ts
// for the outbox, audit and rate-limit rows) and on PostgreSQL (postgres.server.ts,
// postgres-rows.server.ts), and Prisma's (prisma.server.ts), which the tests hold
// both to and which serves only where neither plain path is found.
import { pgDirect, sqliteDirect } from "~/db/client.server";
import { postgresSigningStore } from "./postgres.server";
import { prismaSigningStore } from "./prisma.server";
import { sqliteSigningStore } from "./sqlite.server";
import type { SigningStore } from "./types";

export type * from "./types";

/** Plain SQL on SQLite's connection or on PostgreSQL's pool; Prisma only where neither is found. */
export async function signingStore(): Promise<SigningStore> {
  const onPostgres = pgDirect();
  if (onPostgres) return postgresSigningStore(onPostgres);
  const direct = await sqliteDirect();
  return direct ? sqliteSigningStore(direct) : prismaSigningStore;
}
