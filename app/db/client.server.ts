// One Prisma client per process, for whichever database DATABASE_URL names.
// Both generated clients come from one schema (only the provider differs), so the
// app is typed against the SQLite one.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { sqliteFilePath } from "./sqlite-path.server";
import { directOn, type SqliteDirect } from "./sqlite-direct.server";
import { type PostgresDirect, postgresDirect } from "./postgres-direct.server";
import { config } from "~/config/env.server";

export type Db = PrismaClient;
/** The client handed to a `$transaction(async (tx) => …)` callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith("file:")) {
    const holder: DirectHolder = { direct: undefined };
    // timeout: how long a writer waits for SQLite's lock before giving up.
    const factory = new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 10_000 });
    const adapter: SqlDriverAdapterFactory = {
      provider: factory.provider,
      adapterName: factory.adapterName,
      async connect() {
        const connection = await factory.connect();
        // secure_delete: erased values (a delivered mail's recipient, a shredded
        // identity) are overwritten with zeros, not left in free space of the file.
        // journal_size_limit: the WAL is truncated after checkpoints, not left
        // holding old page images.
        await connection.executeScript("PRAGMA secure_delete = ON; PRAGMA journal_size_limit = 0; PRAGMA foreign_keys = ON;");
        holder.direct = directOn(connection);
        cachePreparedStatements(connection);
        return connection;
      },
    };
    const client = new PrismaClient({ adapter });
    directHolders.set(client, holder);
    return client;
  }
  // One pool for Prisma and for the plain SQL of the signing steps (postgres-direct.server.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection the server dropped (a PostgreSQL restart) is only removed
  // from the pool; without a listener its error would end the process. The next
  // query opens a new one, and a query that fails says so itself (a 503).
  pool.on("error", () => undefined);
  // (The adapter is typed against a newer @types/pg; at run time both are this one `pg`.)
  const adapter = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], { disposeExternalPool: true });
  const client = new PostgresPrismaClient({ adapter }) as unknown as Db;
  postgresDirects.set(client, postgresDirect(pool));
  return client;
}

type Statement = {
  reader: boolean;
  bind(args: unknown[]): unknown;
  run(...args: unknown[]): unknown;
  columns(): unknown;
  raw(on?: boolean): { all(...args: unknown[]): unknown };
};
type SqliteHandle = { prepare(sql: string): Statement };

/**
 * The better-sqlite3 adapter prepares every statement anew for every query; in a
 * signing rush that was a tenth of the server's time. Statements are kept per SQL
 * text (Prisma's SQL is parameterized, so the set is small) and handed to the
 * adapter as a fresh binding each time: better-sqlite3 binds a statement once
 * and forever with bind(), so the binding is passed on each call instead. Only
 * the calls the adapter makes (run, or bind then reader, run, columns, raw().all) are served.
 * When the adapter's internals are not as expected, nothing is changed.
 */
function cachePreparedStatements(connection: unknown) {
  const handle = (connection as { client?: SqliteHandle }).client;
  if (!handle || typeof handle.prepare !== "function") return;
  const prepare = handle.prepare.bind(handle);
  const statements = new Map<string, Statement>();
  // A prepared statement's columns never change: asked for on every query, read once.
  const columns = new WeakMap<Statement, unknown>();
  const columnsOf = (statement: Statement) => {
    if (!columns.has(statement)) columns.set(statement, statement.columns());
    return columns.get(statement);
  };
  handle.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (statements.size >= 500) statements.clear();
      statements.set(sql, statement);
    }
    const cached = statement;
    return {
      reader: cached.reader,
      run: (...args: unknown[]) => cached.run(...args),
      bind: (args: unknown[]) => ({
        reader: cached.reader,
        run: () => cached.run(args),
        columns: () => columnsOf(cached),
        raw: () => ({ all: () => cached.raw(true).all(args) }),
      }),
    } as unknown as Statement;
  };
}

type DirectHolder = { direct: SqliteDirect | undefined };
const directHolders = new WeakMap<Db, DirectHolder>();

/**
 * Plain SQL on the SQLite connection behind `client` (decision 008), or null
 * where the database is PostgreSQL. Connects the client first if need be.
 */
export async function sqliteDirect(client: Db = db()): Promise<SqliteDirect | null> {
  const holder = directHolders.get(client);
  if (!holder) return null;
  if (!holder.direct) await client.$connect();
  return holder.direct ?? null;
}

const postgresDirects = new WeakMap<Db, PostgresDirect>();

/** Plain SQL on the pool behind `client` where the database is PostgreSQL, or null (SQLite). */
export function pgDirect(client: Db = db()): PostgresDirect | null {
  return postgresDirects.get(client) ?? null;
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
