// What a sign-up waits with until its code is typed (decision 013): the address,
// and for a new account its display name and password hash. Sealed (AES-256-GCM)
// under a key derived from the browser's verification secret and the server's
// HASH_SECRET: only the browser that signed up can finish it, and neither a
// database dump nor the server alone (without that cookie) reads the address.
import crypto from "node:crypto";
import { keyedHash } from "~/crypto/tokens.server";

export type SignUpRequest = { email: string; newAccount: { displayName: string; passwordHash: string } | null };

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Padded so the blob's length says nothing of the address or whether a new account waits.
const PAD_TO = 512;

const keyFor = (secret: string) => keyedHash("pending-sign-up-key", secret);
const aadFor = (verificationId: string) => Buffer.from(JSON.stringify(["undersigned/pending-sign-up", VERSION, verificationId]));

export function sealSignUpRequest(secret: string, verificationId: string, request: SignUpRequest) {
  const json = Buffer.from(JSON.stringify(request));
  const plaintext = Buffer.alloc(Math.ceil((json.length + 1) / PAD_TO) * PAD_TO, " ");
  json.copy(plaintext);
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(secret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadFor(verificationId));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.of(VERSION), iv, ciphertext, cipher.getAuthTag()])) as Uint8Array<ArrayBuffer>;
}

/** The request, or null when the blob is missing or does not open with this secret. */
export function openSignUpRequest(secret: string, verificationId: string, blob: Uint8Array | null): SignUpRequest | null {
  if (!blob || blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== VERSION) return null;
  const bytes = Buffer.from(blob);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(secret), bytes.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aadFor(verificationId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plaintext.toString("utf8")) as SignUpRequest;
  } catch {
    return null;
  }
}
