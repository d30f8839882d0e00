// A moment's database outage is answered 503 with Retry-After, never a 500: what
// counts as one (isDatabaseUnavailable), and the answer (appErrorResponse). The
// shapes are those seen from Prisma 7's pg adapter in the cluster test
// (tests/cluster/postgres-restart.test.ts) and better-sqlite3.
import { afterEach, describe, expect, test } from "vitest";
import { databaseUnavailableReason, isDatabaseUnavailable } from "~/db/errors.server";
import { appErrorResponse } from "~/http/app-errors.server";
import { setLogLevel, setLogSink } from "~/log.server";

const prismaWrapped = (message: string, extra: object = {}) =>
  Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", ...extra });

// What Prisma's better-sqlite3 adapter makes of SQLITE_FULL: no `kind` of its own.
const sqliteFullCause = {
  originalCode: "SQLITE_FULL",
  originalMessage: "database or disk is full",
  kind: "sqlite",
  extendedCode: 1,
  message: "database or disk is full",
};

describe("isDatabaseUnavailable", () => {
  test.each([
    [
      "the server shutting down (57P01)",
      prismaWrapped(
        "Invalid `prisma.letter.update()` invocation:\n\nDatabase error. Code: `57P01`. Message: `terminating connection due to administrator command`",
      ),
    ],
    ["a pg client after its connection broke", new Error("Client has encountered a connection error and is not queryable")],
    ["pg's terminated connection", new Error("Connection terminated unexpectedly")],
    [
      "connection refused, as a cause",
      Object.assign(new Error("query failed"), {
        cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      }),
    ],
    ["Prisma's cannot reach (P1001)", prismaWrapped("Can't reach database server", { code: "P1001" })],
    ["the pool timing out (P2024)", prismaWrapped("Timed out fetching a new connection from the connection pool.", { code: "P2024" })],
    ["the adapter's kind", prismaWrapped("x", { meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } })],
    [
      "a SQLSTATE in the adapter's cause",
      prismaWrapped("x", { meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P03" } } } }),
    ],
    ["SQLite locked past its busy timeout", Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })],
    ["SQLite's disk full", Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" })],
    // The three shapes Prisma 7 gave on a full tmpfs (tests/cluster/sqlite-faults.test.ts):
    // a model query (P2039), a raw query (P2010), and a query inside an interactive transaction.
    [
      "SQLite's disk full through a Prisma model query",
      prismaWrapped("Database error. Code: `SQLITE_FULL`. Message: `database or disk is full`", {
        code: "P2039",
        meta: { modelName: "RateLimitCounter", driverAdapterError: { name: "DriverAdapterError", cause: sqliteFullCause } },
      }),
    ],
    [
      "SQLite's disk full through a Prisma raw query",
      prismaWrapped("Raw query failed. Code: `SQLITE_FULL`. Message: `database or disk is full`", {
        code: "P2010",
        meta: { driverAdapterError: { name: "DriverAdapterError", cause: sqliteFullCause } },
      }),
    ],
    [
      "SQLite's disk full inside a Prisma transaction",
      Object.assign(new Error("database or disk is full"), { name: "DriverAdapterError", cause: sqliteFullCause }),
    ],
  ])("%s: yes", (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test.each([
    ["a unique violation", prismaWrapped("Unique constraint failed", { code: "P2002" })],
    ["no row matched", prismaWrapped("No record found", { code: "P2025" })],
    ["a syntax error (42601)", prismaWrapped("Database error. Code: `42601`. Message: `syntax error`")],
    ["a bug", new TypeError("cannot read properties of undefined")],
    [
      "another SQLite error through Prisma (a constraint)",
      prismaWrapped("Database error. Code: `SQLITE_CONSTRAINT_CHECK`.", {
        code: "P2039",
        meta: { driverAdapterError: { cause: { originalCode: "SQLITE_CONSTRAINT_CHECK", kind: "sqlite", extendedCode: 1 } } },
      }),
    ],
    ["not an error", "ECONNREFUSED"],
    [
      "a cause that loops",
      (() => {
        const e: { cause?: unknown } = {};
        e.cause = e;
        return e;
      })(),
    ],
  ])("%s: no", (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe("databaseUnavailableReason", () => {
  test.each([
    [
      "SQLite's disk full through Prisma",
      prismaWrapped("Database error. Code: `SQLITE_FULL`. Message: `database or disk is full`", {
        code: "P2039",
        meta: { driverAdapterError: { name: "DriverAdapterError", cause: sqliteFullCause } },
      }),
      "SQLITE_FULL",
    ],
    ["the server shutting down", prismaWrapped("Database error. Code: `57P01`. Message: `terminating connection`"), "Code: `57P01`"],
    ["connection refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), "ECONNREFUSED"],
    ["a bug", new TypeError("x"), null],
  ])("%s: %s", (_what, error, reason) => {
    expect(databaseUnavailableReason(error)).toBe(reason);
  });
});

describe("appErrorResponse", () => {
  afterEach(() => {
    setLogSink((line) => process.stdout.write(line + "\n"));
    setLogLevel("silent");
  });

  test("a full disk through Prisma is a 503, and the log says SQLITE_FULL and nothing of the query", () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    setLogLevel("warn");
    const error = prismaWrapped(
      "Invalid `prisma.signature.create()` invocation: Code: `SQLITE_FULL`. Message: `database or disk is full`",
      {
        code: "P2039",
        meta: { modelName: "Signature", driverAdapterError: { name: "DriverAdapterError", cause: sqliteFullCause } },
      },
    );
    const { init } = appErrorResponse(error) as { init: { status: number } };
    expect(init.status).toBe(503);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: "warn", msg: "database unavailable: answered 503", reason: "SQLITE_FULL" }),
    ]);
    expect(lines.join("\n")).not.toContain("signature");
  });

  test("the database not answering is a 503 with Retry-After", () => {
    const answer = appErrorResponse(new Error("Connection terminated unexpectedly"));
    const { data, init } = answer as { data: unknown; init: { status: number; headers: Record<string, string> } };
    expect(data).toEqual({ message: "unavailable" });
    expect(init.status).toBe(503);
    expect(Number(init.headers["Retry-After"])).toBeGreaterThan(0);
  });

  test("a bug stays itself (a 500)", () => {
    const bug = new TypeError("x");
    expect(appErrorResponse(bug)).toBe(bug);
  });
});
