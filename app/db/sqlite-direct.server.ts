// Plain SQL on the SQLite connection Prisma holds, for the few statements a
// signing rush runs thousands of times a minute (decision 008). Through Prisma a
// statement costs about 0.15 ms of JavaScript and an interactive transaction
// 0.45 ms more, and the transaction holds SQLite's write lock across event-loop
// turns; here a statement costs a few microseconds beyond SQLite's own work, and
// a transaction runs in one synchronous stretch, so the lock is held for the
// time SQLite needs and no longer.
//
// One connection, shared with Prisma: a second one in the same process could
// wait on Prisma's open transaction inside better-sqlite3's synchronous busy
// handler, and block the very event loop that would finish it. So transactions
// here and Prisma's take turns through one lock (Prisma's are made to take it
// when they start, below), and a transaction here never awaits between its
// BEGIN and its COMMIT.

export type SqlValue = string | number | bigint | Uint8Array | null;

type Statement = {
  reader: boolean;
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): { changes: number };
  safeIntegers(on: boolean): Statement;
};
type SqliteHandle = { prepare(sql: string): Statement; inTransaction: boolean };
type Transaction = { commit(): Promise<void>; rollback(): Promise<void> };
type Connection = { client?: SqliteHandle; startTransaction?: (isolationLevel?: unknown) => Promise<Transaction> };

export type SqliteDirect = {
  /** The first row, or undefined. */
  get<Row>(sql: string, ...params: SqlValue[]): Row | undefined;
  run(sql: string, ...params: SqlValue[]): { changes: number };
  /**
   * Runs `work` between BEGIN IMMEDIATE and COMMIT, rolled back if it throws.
   * `work` is synchronous on purpose: nothing else runs on the connection meanwhile.
   */
  transaction<T>(work: () => T): Promise<T>;
  /** Runs `work` holding the lock but outside any transaction (a WAL checkpoint cannot run inside one). */
  outsideTransaction<T>(work: () => T): Promise<T>;
};

/** How Prisma's SQLite adapter stores a DateTime (ISO 8601 with "+00:00"), so both read each other's rows. */
export function sqliteTime(date: Date) {
  return date.toISOString().replace("Z", "+00:00");
}

/** A FIFO lock: resolves to its release function. */
function createLock() {
  let tail = Promise.resolve();
  return async () => {
    let release!: () => void;
    const previous = tail;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  };
}

/**
 * Plain SQL on the adapter connection's better-sqlite3 handle. Returns undefined
 * (and changes nothing) when the adapter's internals are not as expected: callers
 * then go through Prisma.
 */
export function directOn(connection: unknown): SqliteDirect | undefined {
  const adapter = connection as Connection;
  const handle = adapter.client;
  const startTransaction = adapter.startTransaction?.bind(adapter);
  if (!handle || typeof handle.prepare !== "function" || !startTransaction) return undefined;
  const prepare = handle.prepare.bind(handle);
  const lock = createLock();

  // Prisma's transactions (interactive and batched) take the same lock from
  // start to commit or rollback.
  adapter.startTransaction = async (isolationLevel?: unknown) => {
    const release = await lock();
    try {
      const tx = await startTransaction(isolationLevel);
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => commit().finally(release);
      tx.rollback = () => rollback().finally(release);
      return tx;
    } catch (error) {
      release();
      throw error;
    }
  };

  const statements = new Map<string, Statement>();
  const statement = (sql: string) => {
    let found = statements.get(sql);
    if (!found) {
      // The adapter opens the database with BigInt integers; the rows here are read
      // as Prisma returns them, with numbers (counts and attempts are far below 2^53).
      found = prepare(sql).safeIntegers(false);
      statements.set(sql, found);
    }
    return found;
  };
  // better-sqlite3 binds Buffers as blobs, not other Uint8Arrays.
  const bind = (params: SqlValue[]) =>
    params.map((value) =>
      value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value,
    );

  return {
    get: <Row>(sql: string, ...params: SqlValue[]) => statement(sql).get(...bind(params)) as Row | undefined,
    run: (sql: string, ...params: SqlValue[]) => statement(sql).run(...bind(params)),
    async transaction<T>(work: () => T) {
      const release = await lock();
      try {
        // Holding the lock, no Prisma transaction can be open; if one is, joining it would be a bug.
        if (handle.inTransaction) throw new Error("a transaction is already open on the SQLite connection");
        statement("BEGIN IMMEDIATE").run();
        try {
          const result = work();
          statement("COMMIT").run();
          return result;
        } catch (error) {
          if (handle.inTransaction) statement("ROLLBACK").run();
          throw error;
        }
      } finally {
        release();
      }
    },
    async outsideTransaction<T>(work: () => T) {
      const release = await lock();
      try {
        return work();
      } finally {
        release();
      }
    },
  };
}
