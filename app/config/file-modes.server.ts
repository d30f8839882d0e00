// The data folder holds the SQLite database (and its -wal/-shm), generated secrets
// and the local mailbox. Nothing in it is for other users of the machine: a file
// created world-readable (SQLite's default 0644) hands the database to any local
// account. Owner-only from the first file on, and tightened on files left by
// earlier versions.
import fs from "node:fs";
import path from "node:path";
import { sqliteFilePath } from "~/db/sqlite-path.server";

type DataPaths = { DATA_DIR: string; DATABASE_URL: string };

export function protectDataFiles({ DATA_DIR, DATABASE_URL }: DataPaths) {
  // Files and folders this process creates from now on: no group or other bits.
  // (Worker threads share the process's umask and may not set it.)
  if (typeof process.umask === "function") {
    try {
      process.umask(0o077);
    } catch {
      // In a worker thread process.umask() cannot set: the main thread already has.
    }
  }
  chmodIfPresent(path.resolve(DATA_DIR), 0o700);
  if (DATABASE_URL.startsWith("file:")) {
    const file = sqliteFilePath(DATABASE_URL);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) chmodIfPresent(file + suffix, 0o600);
  }
}

function chmodIfPresent(file: string, mode: number) {
  try {
    fs.chmodSync(file, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
