// The signing store (decision 008): what the signing steps read and write
// (types.ts), the signature and reveal steps written once (steps.ts), and two
// stores that carry them out on the very same rows: Prisma's (prisma.server.ts)
// and plain SQL's on SQLite (sqlite.server.ts, with sqlite-rows.server.ts for the
// outbox, audit and rate-limit rows).
import { sqliteDirect } from "~/db/client.server";
import { prismaSigningStore } from "./prisma.server";
import { sqliteSigningStore } from "./sqlite.server";
import type { SigningStore } from "./types";

export type * from "./types";

/** Plain SQL where the database is SQLite, Prisma otherwise. */
export async function signingStore(): Promise<SigningStore> {
  const direct = await sqliteDirect();
  return direct ? sqliteSigningStore(direct) : prismaSigningStore;
}
