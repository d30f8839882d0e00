// npm run keys:rotate — re-wraps every letter's data key under a new key-encryption key.
// Stop every app instance and worker first: they hold the current key in memory.
//
//   NEW_KEY_ENCRYPTION_KEY=<64 hex characters or base64 of 32 bytes> npm run keys:rotate
//
// Without NEW_KEY_ENCRYPTION_KEY a key is generated and printed once, here.
import crypto from "node:crypto";
import { envSchema } from "~/config/env.server";
import { keyEncryptionKeyIsGenerated, rotateKeyEncryptionKey, secretsFilePath } from "~/crypto/rotate-keys.server";
import { disconnectDb } from "~/db/client.server";

function newKeyFromEnvironment() {
  const given = process.env.NEW_KEY_ENCRYPTION_KEY;
  if (!given) return undefined;
  // The same rules as KEY_ENCRYPTION_KEY itself, so the key is accepted at start-up.
  const parsed = envSchema.shape.KEY_ENCRYPTION_KEY.safeParse(given);
  if (!parsed.success || !parsed.data) {
    console.error("NEW_KEY_ENCRYPTION_KEY: expected 32 bytes, as 64 hex characters or base64");
    process.exit(1);
  }
  return parsed.data;
}

let newKek = newKeyFromEnvironment();
const generated = !newKek;
if (!newKek) {
  newKek = crypto.randomBytes(32);
  // Printed before the rotation starts, so the key is never lost to a crash after the commit.
  console.log("Generated a new key-encryption key (shown only this once; store it safely):");
  console.log(`  ${newKek.toString("base64")}`);
}

try {
  const count = await rotateKeyEncryptionKey(newKek);
  console.log(`Re-wrapped the data keys of ${count} letter${count === 1 ? "" : "s"} under the new key.`);
  if (keyEncryptionKeyIsGenerated()) {
    console.log(`Updated ${secretsFilePath()}. Restart the app and any workers.`);
  } else {
    const shown = generated ? newKek.toString("base64") : "<the value of NEW_KEY_ENCRYPTION_KEY>";
    console.log(`Set KEY_ENCRYPTION_KEY=${shown} in your environment and restart.`);
    console.log("Until then the app cannot open any letter's data key.");
  }
} catch (error) {
  console.error(`Rotation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
