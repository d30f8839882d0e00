// explainDiskFull says "the disk is full" only when it is: a full filesystem is met
// for real in tests/cluster/sqlite-faults.test.ts (a tmpfs filled up); here, the
// errors it must leave alone, on a disk with room.
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { explainDiskFull, freeBytesFor } from "~/db/disk-full.server";

const file = path.join(os.tmpdir(), "any.db");
const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { name: "SqliteError", code });

describe("explainDiskFull", () => {
  test("the free space is read from the file's filesystem", () => {
    expect(freeBytesFor(file)).toBeGreaterThan(0);
    expect(freeBytesFor("/no/such/folder/any.db")).toBeUndefined();
  });

  test.each([
    ["an I/O error on a disk with room", sqliteError("SQLITE_IOERR_SHMSIZE", "disk I/O error")],
    ["SQLITE_FULL on a disk with room (a size limit, not the disk)", sqliteError("SQLITE_FULL", "database or disk is full")],
    ["another SQLite error", sqliteError("SQLITE_CORRUPT", "database disk image is malformed")],
    ["a bug", new TypeError("x")],
  ])("%s: unchanged", (_what, error) => {
    expect(explainDiskFull(error, file)).toBe(error);
  });
});
