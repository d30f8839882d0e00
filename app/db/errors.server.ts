// What a failed query means, where a caller acts on it. Prisma reports its
// errors by code; plain SQL on SQLite (decision 008) by better-sqlite3's codes.
const codeOf = (error: unknown) => (typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined);

/** A unique index refused the row: someone stored the same thing first. */
export function isUniqueViolation(error: unknown) {
  const code = codeOf(error);
  // Prisma's code, better-sqlite3's, and PostgreSQL's SQLSTATE (the plain-SQL path on pg).
  return code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}

/** Prisma's update() found no row matching its `where` (a guarded update that lost). */
export function isNoRowMatched(error: unknown) {
  return codeOf(error) === "P2025";
}

// PostgreSQL's SQLSTATEs for "not now": class 08 (connection exception), 57P01–57P03
// (the server shutting down, crashed, or not yet accepting), 53300 (too many connections).
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
// Prisma's own codes for the same: cannot reach, timed out, closed the connection, pool exhausted.
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Node's socket errors, and SQLite's "locked past the busy timeout" and "disk full".
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "SQLITE_BUSY", "SQLITE_FULL"]);
// How Prisma's driver adapters name them (the error's `kind`).
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// What pg and Prisma's adapter say when the code is only in the text.
const UNAVAILABLE_TEXT =
  /Code: `(08[0-9A-Z]{3}|57P0[1-3]|53300)`|Connection terminated|connection error and is not queryable|Can't reach database server|Timed out fetching a new connection|database system is (starting up|shutting down|in recovery mode)/;

/**
 * The database did not answer (restarting, unreachable, out of connections, its disk
 * full): a moment's outage the request can be retried after, answered 503 with
 * Retry-After (app/http/app-errors.server.ts), never a 500. Looks through Prisma's
 * wrapping (meta, cause) at what the driver said. A query that was wrong is not this.
 */
export function isDatabaseUnavailable(error: unknown) {
  return databaseUnavailableReason(error) !== null;
}

/**
 * Why the database did not answer, as the driver named it ("SQLITE_FULL", "57P01",
 * "ECONNREFUSED", "DatabaseNotReachable"…), or null when that is not what `error` is.
 * A code or a fixed phrase, never a value: the operator's log says it (a full disk
 * reads SQLITE_FULL), where the error's own text could name a query.
 */
export function databaseUnavailableReason(error: unknown, depth = 0): string | null {
  if (typeof error !== "object" || error === null || depth > 4) return null;
  const { code, originalCode, kind, message, cause, meta } = error as {
    code?: unknown;
    originalCode?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: unknown;
  };
  if (typeof code === "string" && (UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)))
    return code;
  // Prisma's SQLite adapter keeps better-sqlite3's code as `originalCode` (its `kind` is
  // only "sqlite" for SQLITE_FULL), under P2010/P2039 or a bare DriverAdapterError.
  if (typeof originalCode === "string" && UNAVAILABLE_CODES.has(originalCode)) return originalCode;
  if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return kind;
  const phrase = typeof message === "string" ? UNAVAILABLE_TEXT.exec(message) : null;
  if (phrase) return phrase[0];
  const adapter = (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  return databaseUnavailableReason(cause, depth + 1) ?? databaseUnavailableReason(adapter, depth + 1);
}
