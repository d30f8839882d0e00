// Bearer secrets (session tokens, reset links, receipts, preview links) and the
// hashes they are stored as. A secret never reaches the database: only its
// SHA-256 (high-entropy secrets) or a keyed HMAC (short codes, addresses) does.
import { hmac } from "@oslojs/crypto/hmac";
import { generateRandomString } from "@oslojs/crypto/random";
import { SHA256, sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { config } from "~/config/env.server";
import { pooledRandom as random } from "./random-pool.server";

// Lower-case letters and digits without look-alikes (l, o, 0, 1): 32 symbols, 5 bits each.
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

/** 24 symbols = 120 bits from the CSPRNG, as the Lucia guide does. */
export function randomSecret(length = 24) {
  return generateRandomString(random, ALPHABET, length);
}

/** A code of `digits` decimal digits, uniformly drawn. */
export function randomDigits(digits: number) {
  return generateRandomString(random, "0123456789", digits);
}

// Prisma's Bytes columns want a Uint8Array backed by a plain ArrayBuffer.
const bytes = (b: Uint8Array) => new Uint8Array(b) as Uint8Array<ArrayBuffer>;

export function hashSecret(secret: string) {
  return bytes(sha256(new TextEncoder().encode(secret)));
}

export function secretMatches(secret: string, storedHash: Uint8Array) {
  return constantTimeEqual(hashSecret(secret), new Uint8Array(storedHash));
}

/**
 * HMAC-SHA-256 under the server's HASH_SECRET, domain-separated by `purpose`.
 * For values an attacker could enumerate from a database dump if merely hashed:
 * 8-digit codes, email addresses, IP addresses.
 */
export function keyedHash(purpose: string, value: string) {
  return bytes(hmac(SHA256, config().hashSecret, new TextEncoder().encode(`${purpose}\u0000${value}`)));
}

export function keyedHashMatches(purpose: string, value: string, storedHash: Uint8Array) {
  return constantTimeEqual(keyedHash(purpose, value), new Uint8Array(storedHash));
}

/** A token "<id>.<secret>": the id finds the row, the secret proves possession. */
export function newToken() {
  const id = randomSecret();
  const secret = randomSecret();
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string | null | undefined) {
  if (!token) return null;
  const match = /^([a-z2-9]{24})\.([a-z2-9]{24})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/**
 * A token shaped like newToken's, derived from another secret under HASH_SECRET:
 * the same seed always gives the same token, and nobody without the seed and the
 * server's secret can compute it. A signing verification's token derives its
 * receipt, so a browser that submits its signature twice is led back to it.
 */
export function derivedToken(purpose: string, seed: string) {
  // 32 symbols divide 256: each byte picks one uniformly; 24 of them are 120 bits.
  const symbols = (part: string) => Array.from(keyedHash(`${purpose}:${part}`, seed).subarray(0, 24), (b) => ALPHABET[b % 32]).join("");
  const id = symbols("id");
  const secret = symbols("secret");
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}
