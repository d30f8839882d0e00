import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";

// Runs before each test file's imports: point the app at a fresh copy of the
// migrated template and at a private data folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-file-"));
const file = path.join(dir, "test.db");
fs.copyFileSync(inject("sqliteTemplate"), file);
process.env.DATABASE_URL = `file:${file}`;
process.env.DATA_DIR = dir;
process.env.LOG_LEVEL ??= "silent";
process.env.RUN_JOBS = "false";
// Mail sent from memory (codes, reset links) goes to a capture the tests read.
(await import("./mail")).sentMail();

afterAll(async () => {
  const { disconnectDb } = await import("../../app/db/client.server");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});
