import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, buildConfig, parseEnv } from "~/config/env.server";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "config-"));

describe("parseEnv", () => {
  test("embedded defaults need no variable at all", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATABASE_URL: "file:./var/undersigned.db", DATA_DIR: "./var", RUN_JOBS: true });
    expect(env.SMTP_URL).toBeUndefined();
  });

  test.each([
    ["PORT", "eighty", "PORT"],
    ["PORT", "70000", "PORT"],
    ["DATABASE_URL", "mysql://db/x", "DATABASE_URL: expected file:<path> (SQLite) or postgres://"],
    ["SMTP_URL", "mail.example.com", "SMTP_URL: expected smtp://"],
    ["APP_URL", "not a url", "APP_URL"],
    ["HASH_SECRET", "c2hvcnQ=", "HASH_SECRET: expected 32 bytes"],
    ["RUN_JOBS", "maybe", "RUN_JOBS"],
  ])("a bad %s (%s) is refused with a message naming it", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });

  test("a PostgreSQL URL selects PostgreSQL; SMTP_URL selects SMTP", () => {
    const cfg = buildConfig({ DATA_DIR: tmp(), DATABASE_URL: "postgres://u@127.0.0.1:5432/db", SMTP_URL: "smtp://127.0.0.1:2525" });
    expect(cfg.databaseProvider).toBe("postgres");
    expect(cfg.mailTransport).toBe("smtp");
  });
});

describe("secrets", () => {
  test("are generated once into DATA_DIR, owner-only, and reused on the next start", () => {
    const dir = tmp();
    const first = buildConfig({ DATA_DIR: dir });
    expect(first.generatedSecrets.sort()).toEqual(["hashSecret", "keyEncryptionKey"]);
    expect(first.hashSecret).toHaveLength(32);
    expect(first.keyEncryptionKey).toHaveLength(32);
    expect(first.hashSecret.equals(first.keyEncryptionKey)).toBe(false);
    expect(fs.statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);

    const second = buildConfig({ DATA_DIR: dir });
    expect(second.generatedSecrets).toEqual([]);
    expect(second.hashSecret.equals(first.hashSecret)).toBe(true);
    expect(second.keyEncryptionKey.equals(first.keyEncryptionKey)).toBe(true);
  });

  test("given in the environment, they are used and nothing is written", () => {
    const dir = tmp();
    const hex = "ab".repeat(32);
    const cfg = buildConfig({ DATA_DIR: dir, HASH_SECRET: hex, KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") });
    expect(cfg.hashSecret.toString("hex")).toBe(hex);
    expect(cfg.keyEncryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(fs.existsSync(path.join(dir, "secrets.json"))).toBe(false);
  });
});
