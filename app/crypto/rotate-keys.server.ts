// Key-encryption key rotation: every letter's data key is re-wrapped from the current
// KEK to a new one. Sealed identities stay as they are (they are under the data keys,
// which do not change), so rotation touches one small column per letter.
//
// All or nothing: one transaction re-wraps every key and checks each one opens under
// the new KEK before committing. A half-rotated database would leave some letters
// readable only with the old key and some only with the new one.
//
// Every running app instance and worker holds the old KEK in memory and would keep
// wrapping new letters' keys with it: stop them first, restart them with the new key.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "~/config/env.server";
import { rewrapDataKey, rewrapOutboxKey, unwrapDataKey, unwrapOutboxKey } from "~/crypto/sealing.server";
import { recordKeyEncryptionKeyCheck } from "~/config/secret-check.server";
import { db } from "~/db/client.server";

// Generous: one small UPDATE per letter, but a large instance may have many letters.
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

/** Whether the current KEK lives in DATA_DIR/secrets.json (not given by the environment). */
export function keyEncryptionKeyIsGenerated() {
  return config().KEY_ENCRYPTION_KEY === undefined;
}

export function secretsFilePath() {
  return path.resolve(config().DATA_DIR, "secrets.json");
}

/**
 * Re-wraps every letter's data key under `newKek` and returns how many were re-wrapped.
 * Shredded letters (no wrapped key) are left alone: there is nothing to re-wrap, and
 * a shredded letter must stay shredded. When the current KEK came from secrets.json,
 * that file gets the new key once the transaction has committed.
 */
export async function rotateKeyEncryptionKey(newKek: Buffer): Promise<number> {
  const cfg = config();
  const oldKek = cfg.keyEncryptionKey;
  if (newKek.length !== 32) throw new Error("the new key-encryption key must be 32 bytes");
  if (crypto.timingSafeEqual(newKek, oldKek)) throw new Error("the new key-encryption key is the current one");

  // The new secrets file is written before the commit and moved into place after it,
  // so there is no moment when the database is under a key that exists nowhere on disk.
  const staged = keyEncryptionKeyIsGenerated() ? stageSecretsFile(newKek) : undefined;

  let rewrapped: number;
  try {
    rewrapped = await db().$transaction(
      async (tx) => {
        const letters = await tx.letter.findMany({
          where: { wrappedDataKey: { not: null } },
          select: { id: true, wrappedDataKey: true },
        });
        let count = 0;
        for (const { id, wrappedDataKey } of letters) {
          if (!wrappedDataKey) continue;
          const next = rewrapDataKey(id, wrappedDataKey, oldKek, newKek);
          const before = unwrapDataKey(id, wrappedDataKey, oldKek);
          const after = unwrapDataKey(id, next, newKek);
          const same = crypto.timingSafeEqual(before, after);
          before.fill(0);
          after.fill(0);
          if (!same) throw new Error(`letter ${id}: the re-wrapped data key differs`);
          // Guarded on the old value: if the letter was shredded meanwhile (expiry,
          // cancellation), writing the key back would undo the shredding.
          const { count: updated } = await tx.letter.updateMany({
            where: { id, wrappedDataKey: { equals: wrappedDataKey } },
            data: { wrappedDataKey: next },
          });
          if (updated === 1) {
            count++;
          } else {
            const now = await tx.letter.findUnique({ where: { id }, select: { wrappedDataKey: true } });
            if (now?.wrappedDataKey) throw new Error(`letter ${id}: its data key changed during the rotation`);
          }
        }
        // The outbox keys too (decision 009): queued mail must stay deliverable.
        // An outbox key created meanwhile by a still-running instance fails the
        // check below like a letter's key would.
        for (const { epoch, wrappedKey } of await tx.outboxKey.findMany()) {
          await tx.outboxKey.updateMany({ where: { epoch }, data: { wrappedKey: rewrapOutboxKey(epoch, wrappedKey, oldKek, newKek) } });
        }
        for (const { epoch, wrappedKey } of await tx.outboxKey.findMany()) {
          try {
            unwrapOutboxKey(epoch, wrappedKey, newKek).fill(0);
          } catch {
            throw new Error(
              `the outbox key of epoch ${epoch} does not open under the new key (was the app still running?); nothing was changed`,
            );
          }
        }
        // Every key now in the table must open under the new KEK; a letter opened by a
        // still-running instance during the rotation would not, and must not be stranded.
        const after = await tx.letter.findMany({
          where: { wrappedDataKey: { not: null } },
          select: { id: true, wrappedDataKey: true },
        });
        for (const { id, wrappedDataKey } of after) {
          try {
            unwrapDataKey(id, wrappedDataKey!, newKek).fill(0);
          } catch {
            throw new Error(`letter ${id} does not open under the new key (was the app still running?); nothing was changed`);
          }
        }
        // Processes started from now on must hold the new key (decision 022).
        await recordKeyEncryptionKeyCheck(tx, newKek);
        return count;
      },
      { timeout: TRANSACTION_TIMEOUT_MS },
    );
  } catch (error) {
    if (staged) fs.rmSync(staged, { force: true });
    throw error;
  }

  if (staged) {
    const file = secretsFilePath();
    try {
      fs.renameSync(staged, file);
      fs.chmodSync(file, 0o600);
    } catch (error) {
      throw new Error(
        `the database is now under the new key, but ${file} could not be updated (${String(error)}): ` +
          `move ${staged} to ${file} before starting the app`,
      );
    }
  }
  // This process goes on with the new key (the others must be restarted).
  cfg.keyEncryptionKey = newKek;
  return rewrapped;
}

/** Writes secrets.json with the new KEK beside the real one; returns its path. */
function stageSecretsFile(newKek: Buffer) {
  const file = secretsFilePath();
  const staged = `${file}.rotating`;
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  stored.keyEncryptionKey = newKek.toString("base64");
  try {
    // "wx": a leftover file from an interrupted rotation may hold the only copy of
    // the key the database is under; never overwrite it.
    fs.writeFileSync(staged, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new Error(
        `${staged} exists: an earlier rotation was interrupted. If the database is under the key in that file, ` +
          `move it to ${file}; otherwise delete it. Then run again.`,
      );
    }
    throw error;
  }
  return staged;
}
