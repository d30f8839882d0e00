// AES-256-GCM through WebCrypto (the same in Node 20 and the browser), with a fresh
// random 96-bit IV per message. Every key here encrypts one message (a signature's
// identity, a key file's private key), so IV reuse is out of the question.
import { type Bytes, IV_BYTES, KEY_BYTES } from "./formats";

/** A non-extractable AES-GCM key; the caller zeroes `raw` afterwards. */
export async function importAesKey(raw: Bytes): Promise<CryptoKey> {
  if (raw.length !== KEY_BYTES) throw new Error(`an AES key must be ${KEY_BYTES} bytes`);
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function aesEncrypt(key: CryptoKey, plaintext: Bytes, aad: Bytes): Promise<{ iv: Bytes; ciphertext: Bytes }> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad, tagLength: 128 }, key, plaintext),
  );
  return { iv, ciphertext };
}

/** The plaintext, or null if the key, the associated data or any byte is wrong. */
export async function aesDecrypt(key: CryptoKey, iv: Bytes, ciphertext: Bytes, aad: Bytes): Promise<Bytes | null> {
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: aad, tagLength: 128 }, key, ciphertext));
  } catch {
    return null;
  }
}
