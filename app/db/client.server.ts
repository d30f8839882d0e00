// One Prisma client per process, for whichever database DATABASE_URL names.
// Both generated clients come from one schema (only the provider differs), so the
// app is typed against the SQLite one.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { sqliteFilePath } from "./sqlite-path.server";
import { config } from "~/config/env.server";

export type Db = PrismaClient;
/** The client handed to a `$transaction(async (tx) => …)` callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith("file:")) {
    // timeout: how long a writer waits for SQLite's lock before giving up.
    const adapter = new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 10_000 });
    return new PrismaClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 });
  return new PostgresPrismaClient({ adapter }) as unknown as Db;
}

let current: Db | undefined;

/** The process's client, created on first use from DATABASE_URL. */
export function db(): Db {
  current ??= createDb(config().DATABASE_URL);
  return current;
}

export async function disconnectDb() {
  const closing = current;
  current = undefined;
  await closing?.$disconnect();
}
