import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** An empty database of the provider the suite runs on (DATABASE_URL), for tests that start from nothing. */
export async function emptyDatabase() {
  const current = process.env.DATABASE_URL!;
  if (current.startsWith("file:")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scratch-"));
    return { url: `file:${path.join(dir, "empty.db")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `undersigned_scratch_${crypto.randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: current });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(current);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
