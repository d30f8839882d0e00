import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "vitest";

test("npm run seed makes a demo organizer and a letter in each state, once", { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "seed-"));
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "seed.db")}`, LOG_LEVEL: "silent" };
  const run = () => execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/seed.ts"], { env, encoding: "utf8" });
  expect(run()).toContain("demo@undersigned.example");
  expect(run()).toContain("already exists");
  const db = new Database(path.join(dir, "seed.db"), { readonly: true });
  const statuses = (db.prepare(`SELECT status FROM "Letter" ORDER BY status`).all() as { status: string }[]).map((r) => r.status);
  expect(statuses).toEqual(["CANCELLED", "DRAFT", "EXPIRED", "OPEN", "REVEALED"]);
  expect((db.prepare(`SELECT count(*) AS n FROM "Signature"`).get() as { n: number }).n).toBe(13);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
