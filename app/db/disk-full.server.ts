// A full disk, said plainly. SQLite names it after whichever file could not grow:
// SQLITE_FULL for the database or its WAL, but SQLITE_IOERR_SHMSIZE ("disk I/O
// error") when the WAL's shared-memory index cannot be created, which is what a
// start on a full disk meets first. An operator reading "disk I/O error" would look
// for a failing drive; the free space on the file's filesystem tells which it is.
import fs from "node:fs";
import path from "node:path";

// Less than this free is "full" for SQLite: its shared-memory index alone takes 32 KiB.
const FULL_BELOW_BYTES = 1024 * 1024;

/** Free bytes on the filesystem holding `file` (for an unprivileged process), or undefined if unknown. */
export function freeBytesFor(file: string) {
  try {
    const stats = fs.statfsSync(path.dirname(file));
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/**
 * `error`, or, when it is SQLite's I/O or full error and the disk holding `file`
 * is full, an error that says so (the original as its cause).
 */
export function explainDiskFull(error: unknown, file: string) {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== "string" || !/^SQLITE_(FULL|IOERR)/.test(code)) return error;
  const free = freeBytesFor(file);
  if (free === undefined || free >= FULL_BELOW_BYTES) return error;
  // SQLite's own words for these codes are fixed phrases ("disk I/O error"), never a value.
  const said = (error as { message?: unknown }).message;
  const explained = new Error(
    `the disk holding the SQLite file is full (${free} bytes free; SQLite said "${String(said)}"): free some space, then start again`,
    { cause: error },
  );
  explained.name = "DiskFullError";
  return explained;
}
