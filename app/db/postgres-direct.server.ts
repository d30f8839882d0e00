// Plain SQL on PostgreSQL, through the very pool Prisma's adapter uses, for the few
// statements a signing rush runs thousands of times a minute: the PostgreSQL twin
// of sqlite-direct.server.ts (decision 008, and issue 17's cheaper signing flow).
// Through Prisma a statement costs JavaScript to build, compile and map it, and
// an interactive transaction several round trips more; here a statement is one
// named, server-prepared query (parsed and planned once per connection), and a
// transaction is BEGIN, the statements, COMMIT on one pooled connection.
//
// The statements are written once with `?` placeholders and shared with SQLite's
// path; here each `?` becomes `$1`, `$2`… Values are written as Prisma's adapter
// writes them (a DateTime as UTC wall time) and read as Prisma reads them
// (timestamps as UTC, bytea as a plain Uint8Array), so both read each other's rows.
import pg from "pg";

export type PgValue = string | number | boolean | Uint8Array | Date | null;

/** One statement at a time, on the pool or inside a transaction. */
export type PgQueries = {
  /** Every row the statement returns. */
  rows<Row>(sql: string, ...params: PgValue[]): Promise<Row[]>;
  /** How many rows it changed. */
  run(sql: string, ...params: PgValue[]): Promise<number>;
};

export type PostgresDirect = PgQueries & {
  /** BEGIN, `work`, COMMIT on one connection; ROLLBACK if `work` throws. */
  transaction<T>(work: (queries: PgQueries) => Promise<T>): Promise<T>;
};

const TIMESTAMP_OID = 1114;
const BYTEA_OID = 17;
const parseBytea = pg.types.getTypeParser(BYTEA_OID);
const typeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    // "2026-11-29 10:11:12.345" is UTC wall time (as Prisma's adapter writes it), not local time.
    if (oid === TIMESTAMP_OID) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    if (oid === BYTEA_OID) {
      return (text: string) => {
        const buffer = parseBytea(text) as Buffer;
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      };
    }
    return pg.types.getTypeParser(oid, format);
  },
};

/** A DateTime as Prisma's adapter writes it into a `timestamp(3)` column: UTC, no zone. */
export function pgTime(date: Date) {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

const bind = (params: PgValue[]) => params.map((value) => (value instanceof Date ? pgTime(value) : value));

// Each distinct statement gets a name once: pg prepares a named statement on each
// connection the first time it runs there, and only binds and executes it after.
const named = new Map<string, { name: string; text: string }>();
function prepared(sql: string) {
  let found = named.get(sql);
  if (!found) {
    let n = 0;
    found = { name: `direct_${named.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    named.set(sql, found);
  }
  return found;
}

function queriesOn(client: pg.Pool | pg.PoolClient): PgQueries {
  const query = (sql: string, params: PgValue[]) => client.query({ ...prepared(sql), values: bind(params), types: typeParsers });
  return {
    rows: async <Row>(sql: string, ...params: PgValue[]) => (await query(sql, params)).rows as Row[],
    run: async (sql: string, ...params: PgValue[]) => (await query(sql, params)).rowCount ?? 0,
  };
}

export function postgresDirect(pool: pg.Pool): PostgresDirect {
  return {
    ...queriesOn(pool),
    async transaction<T>(work: (queries: PgQueries) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // The pool listens for errors only on idle connections. A checked-out one that
      // the server drops (a PostgreSQL restart) emits "error" as well as failing its
      // query; without this listener that event would end the process.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        try {
          const result = await work(queriesOn(client));
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch((rollbackError: unknown) => {
            // A connection that cannot roll back is not handed to the next caller.
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          });
          throw error;
        }
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
      }
    },
  };
}
