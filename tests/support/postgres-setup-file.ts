import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { withDatabase } from "./postgres-global-setup";

const { adminUrl, template } = inject("postgresTemplate");
const database = `undersigned_test_${crypto.randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
await admin.end();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-file-"));
process.env.DATABASE_URL = withDatabase(adminUrl, database);
process.env.DATA_DIR = dir;
process.env.LOG_LEVEL ??= "silent";
process.env.RUN_JOBS = "false";
// Mail sent from memory (codes, reset links) goes to a capture the tests read.
(await import("./mail")).sentMail();

afterAll(async () => {
  const { disconnectDb } = await import("../../app/db/client.server");
  await disconnectDb();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await client.end();
  fs.rmSync(dir, { recursive: true, force: true });
});
