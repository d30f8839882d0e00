// Secrets not given by the environment are generated once into DATA_DIR with
// owner-only permissions, so `npm start` works on a fresh machine. Every app
// instance sharing a database must share these: set them in the environment.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

type Given = { hashSecret?: Buffer; keyEncryptionKey?: Buffer };
type Stored = { hashSecret: string; keyEncryptionKey: string };

export function loadOrCreateSecrets(dataDir: string, given: Given) {
  const generated: string[] = [];
  if (given.hashSecret && given.keyEncryptionKey) {
    return { hashSecret: given.hashSecret, keyEncryptionKey: given.keyEncryptionKey, generated };
  }
  const file = path.resolve(dataDir, "secrets.json");
  let stored: Partial<Stored> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Stored>;
  const fill = (name: keyof Stored) => {
    if (!stored[name]) {
      stored[name] = crypto.randomBytes(32).toString("base64");
      generated.push(name);
    }
    return Buffer.from(stored[name], "base64");
  };
  const hashSecret = given.hashSecret ?? fill("hashSecret");
  const keyEncryptionKey = given.keyEncryptionKey ?? fill("keyEncryptionKey");
  if (generated.length > 0) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }
  return { hashSecret, keyEncryptionKey, generated };
}
