// Every process sharing one database must hold the same HASH_SECRET and
// KEY_ENCRYPTION_KEY (decision 022). A second instance that generated its own
// secrets.json, or a mistyped value, would otherwise start and write what the
// others cannot read: address tags that never match, data keys no one else opens.
// The first process to start records, for each secret, an HMAC of a fixed label
// under it (which says nothing of the secret); every later one compares.
import crypto from "node:crypto";
import { ConfigError } from "~/config/env.server";
import type { Db, Tx } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors.server";

type SharedSecrets = { hashSecret: Buffer; keyEncryptionKey: Buffer };
const NAMES = { hashSecret: "HASH_SECRET", keyEncryptionKey: "KEY_ENCRYPTION_KEY" } as const;

export function secretCheckValue(name: string, secret: Buffer) {
  return crypto.createHmac("sha256", secret).update(`undersigned secret check: ${name}`).digest("base64url");
}

function sameValue(a: string, b: string) {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Records this process's secrets' check values where none is recorded yet, and
 * throws a ConfigError naming each secret that differs from the recorded one.
 */
export async function confirmSharedSecrets(db: Db, secrets: SharedSecrets) {
  const differing: string[] = [];
  for (const [key, name] of Object.entries(NAMES) as [keyof SharedSecrets, string][]) {
    const value = secretCheckValue(name, secrets[key]);
    let recorded = await db.secretCheck.findUnique({ where: { name } });
    if (!recorded) {
      try {
        recorded = await db.secretCheck.create({ data: { name, value } });
      } catch (error) {
        // Several instances starting together: the first one's row stands.
        if (!isUniqueViolation(error)) throw error;
        recorded = await db.secretCheck.findUniqueOrThrow({ where: { name } });
      }
    }
    if (!sameValue(recorded.value, value)) differing.push(name);
  }
  if (differing.length > 0) {
    throw new ConfigError(
      `${differing.join(" and ")} ${differing.length === 1 ? "is not the one" : "are not the ones"} this database was first used with. ` +
        "Every instance and worker sharing a database must be given the same secrets in its environment (deploy/env.example); " +
        "a secrets.json generated in this instance's DATA_DIR does not carry over. Refusing to start.",
    );
  }
}

/** After a key rotation, inside its transaction: the new KEK becomes the one to compare with. */
export async function recordKeyEncryptionKeyCheck(tx: Tx, keyEncryptionKey: Buffer) {
  const name = NAMES.keyEncryptionKey;
  const value = secretCheckValue(name, keyEncryptionKey);
  await tx.secretCheck.upsert({ where: { name }, create: { name, value }, update: { value } });
}
