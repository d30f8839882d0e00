// Decision 022: every process sharing a database holds the same HASH_SECRET and
// KEY_ENCRYPTION_KEY, or refuses to start. On both databases (npm test and test:postgres).
import crypto from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { ConfigError, config } from "~/config/env.server";
import { confirmSharedSecrets } from "~/config/secret-check.server";
import { rotateKeyEncryptionKey } from "~/crypto/rotate-keys.server";
import { db } from "~/db/client.server";

const secrets = () => ({ hashSecret: crypto.randomBytes(32), keyEncryptionKey: crypto.randomBytes(32) });

beforeEach(async () => {
  await db().secretCheck.deleteMany();
});

describe("confirmSharedSecrets", () => {
  test("the first process records its secrets' checks; the same secrets pass again, others are refused by name", async () => {
    const first = secrets();
    await confirmSharedSecrets(db(), first);
    await confirmSharedSecrets(db(), first);
    const rows = await db().secretCheck.findMany({ orderBy: { name: "asc" } });
    expect(rows.map((r) => r.name)).toEqual(["HASH_SECRET", "KEY_ENCRYPTION_KEY"]);
    // What is stored says nothing of the secrets themselves.
    for (const row of rows) {
      for (const secret of Object.values(first)) {
        expect(row.value).not.toContain(secret.toString("base64"));
        expect(row.value).not.toContain(secret.toString("base64url"));
        expect(row.value).not.toContain(secret.toString("hex"));
      }
    }

    const otherHash = { ...first, hashSecret: crypto.randomBytes(32) };
    await expect(confirmSharedSecrets(db(), otherHash)).rejects.toThrow(ConfigError);
    await expect(confirmSharedSecrets(db(), otherHash)).rejects.toThrow(/^HASH_SECRET is not the one/);
    await expect(confirmSharedSecrets(db(), { ...first, keyEncryptionKey: crypto.randomBytes(32) })).rejects.toThrow(
      /^KEY_ENCRYPTION_KEY is not the one/,
    );
    await expect(confirmSharedSecrets(db(), secrets())).rejects.toThrow(/^HASH_SECRET and KEY_ENCRYPTION_KEY are not the ones/);
    // A refused process changed nothing: the first one's checks stand.
    expect(await db().secretCheck.findMany({ orderBy: { name: "asc" } })).toEqual(rows);
  });

  test("instances starting together with the same secrets all start, and one check per secret is kept", async () => {
    const shared = secrets();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => confirmSharedSecrets(db(), shared)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await db().secretCheck.count()).toBe(2);
  });

  test("instances starting together with different secrets: one set wins, every other is refused", async () => {
    const sets = Array.from({ length: 4 }, secrets);
    const results = await Promise.allSettled(sets.map((set) => confirmSharedSecrets(db(), set)));
    // Both checks are written by whichever set got there first, secret by secret; at
    // most one set can match both, and no process with a differing secret starts.
    expect(results.filter((r) => r.status === "fulfilled").length).toBeLessThanOrEqual(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConfigError);
  });

  test("a key rotation makes the new key-encryption key the one to hold, in its own transaction", async () => {
    const cfg = config();
    await confirmSharedSecrets(db(), cfg);
    const oldKek = cfg.keyEncryptionKey;
    const newKek = crypto.randomBytes(32);
    try {
      await rotateKeyEncryptionKey(newKek);
      await confirmSharedSecrets(db(), { hashSecret: cfg.hashSecret, keyEncryptionKey: newKek });
      await expect(confirmSharedSecrets(db(), { hashSecret: cfg.hashSecret, keyEncryptionKey: oldKek })).rejects.toThrow(
        /^KEY_ENCRYPTION_KEY is not the one/,
      );
    } finally {
      // Back to the key the rest of this file's process was configured with.
      await rotateKeyEncryptionKey(oldKek);
    }
    await confirmSharedSecrets(db(), cfg);
  });
});
