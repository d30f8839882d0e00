// The byte and text formats of the trustee scheme (issue 15), version 1, and the
// checks that every one of them passes before anything else reads it. Envelopes and
// key files arrive from the network or a disk: they are hostile until parsed, so
// every parse is bounded (length first, then each field) and fails with a typed
// error, never a hang or an out-of-range read.
//
// This file, like the rest of app/crypto/trustee/, runs unchanged in Node 20 and in
// the browser: no node: imports, no Buffer, only globalThis.crypto and the libraries.
import { EnvelopeError, TrusteeInputError } from "./errors";

export const FORMAT_VERSION = 1;
export const MIN_TRUSTEES = 2;
export const MAX_TRUSTEES = 9;
export const PASSPHRASE_MIN_LENGTH = 12;
export const PASSPHRASE_MAX_LENGTH = 1024;

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const DIGEST_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
/** shamir-secret-sharing appends the share's x coordinate to the 32 bytes. */
export const SHARE_BYTES = KEY_BYTES + 1;
/** version | HPKE enc (an ephemeral X25519 public key) | HPKE ciphertext of one share, with its tag. */
export const SEALED_SHARE_BYTES = 1 + PUBLIC_KEY_BYTES + SHARE_BYTES + TAG_BYTES;
/**
 * The identity's plaintext is always padded to exactly this size, so every envelope
 * of a letter has the same length whatever the name. A multiple of 256 like
 * sealing.server.ts's buckets, and large enough for the signing form's longest
 * name and title (120 characters each) even in 3-byte UTF-8 characters.
 */
export const IDENTITY_PADDED_BYTES = 1024;
export const MAX_ID_LENGTH = 128;
const IDENTITY_SECTION_BYTES = IV_BYTES + IDENTITY_PADDED_BYTES + TAG_BYTES;
const MAX_ENVELOPE_BYTES =
  3 + MAX_TRUSTEES * (1 + MAX_ID_LENGTH + DIGEST_BYTES + SEALED_SHARE_BYTES) + DIGEST_BYTES + IDENTITY_SECTION_BYTES;

// Purposes: each hash, key and ciphertext is bound to what it is for, so none can
// stand in for another. JSON arrays keep the fields unambiguous (no "a|b" + "c" =
// "a" + "b|c"), as in sealing.server.ts.
export const Purpose = {
  keyFile: "undersigned/trustee-key-file",
  share: "undersigned/trustee-share",
  shareDigest: "undersigned/trustee-share-digest",
  keyCommitment: "undersigned/trustee-key-commitment",
  identity: "undersigned/trustee-sealed-identity",
  fingerprint: "undersigned/trustee-fingerprint",
} as const;

export type Bytes = Uint8Array<ArrayBuffer>;

export const utf8 = (text: string): Bytes => new TextEncoder().encode(text);
/** The associated data (or hash context) for `purpose`: a versioned JSON array of fields. */
export const context = (purpose: string, ...fields: (string | number)[]): Bytes =>
  utf8(JSON.stringify([purpose, FORMAT_VERSION, ...fields]));

/** A copy in this realm, backed by a plain ArrayBuffer (what WebCrypto and shamir-secret-sharing insist on). */
export function copyBytes(value: unknown, what: string, length?: number): Bytes {
  // ArrayBuffer.isView, not instanceof: bytes made in another realm (a vm context,
  // an iframe) are still bytes.
  if (!ArrayBuffer.isView(value)) throw new TrusteeInputError("options", `${what} must be bytes`);
  const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (length !== undefined && bytes.length !== length) throw new TrusteeInputError("options", `${what} must be ${length} bytes`);
  return new Uint8Array(bytes);
}

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** Ids are uuids in the app; anything else visible and short is fine, nothing else is. */
export function requireId(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length > MAX_ID_LENGTH || !VISIBLE_ASCII.test(value))
    throw new TrusteeInputError("ids", `${what} must be 1 to ${MAX_ID_LENGTH} visible ASCII characters`);
  return value;
}

export function requireText(value: unknown, what: string, max = 256): string {
  if (typeof value !== "string" || value.length === 0 || value.length > max)
    throw new TrusteeInputError("ids", `${what} must be a string of 1 to ${max} characters`);
  return value;
}

// base64url without padding (RFC 4648 §5). Only the canonical spelling of each byte
// string is accepted, so one key file has exactly one text.
const B64URL = /^[A-Za-z0-9_-]*$/;
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
/** Returns null for anything that is not canonical base64url (or is longer than `maxBytes`). */
export function fromBase64Url(text: string, maxBytes = 4096): Bytes | null {
  if (text.length > Math.ceil((maxBytes * 4) / 3) || !B64URL.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return toBase64Url(bytes) === text ? bytes : null;
}

/** SHA-256 over a length-prefixed context and then `data`: the one way this module hashes anything. */
export async function contextDigest(contextBytes: Bytes, data: Uint8Array): Promise<Bytes> {
  const input = new Uint8Array(4 + contextBytes.length + data.length);
  new DataView(input.buffer).setUint32(0, contextBytes.length);
  input.set(contextBytes, 4);
  input.set(data, 4 + contextBytes.length);
  try {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", input));
  } finally {
    input.fill(0);
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Padded with spaces (JSON whitespace), so opening needs no unpadding: the length says nothing of the name. */
export function paddedIdentity(identity: unknown): Bytes {
  const { name, title } = (identity ?? {}) as { name?: unknown; title?: unknown };
  if (typeof name !== "string" || !(title === null || typeof title === "string"))
    throw new TrusteeInputError("identity", "an identity is { name: string, title: string | null }");
  const json = utf8(JSON.stringify({ name, title }));
  if (json.length > IDENTITY_PADDED_BYTES)
    throw new TrusteeInputError("identity", `the name and title take more than ${IDENTITY_PADDED_BYTES} bytes`);
  const out = new Uint8Array(IDENTITY_PADDED_BYTES).fill(0x20);
  out.set(json);
  json.fill(0);
  return out;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export function parseIdentity(plaintext: Uint8Array): { name: string; title: string | null } {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(plaintext));
  } catch {
    throw new EnvelopeError("format", "the sealed identity is not valid JSON");
  }
  const { name, title } = (value ?? {}) as { name?: unknown; title?: unknown };
  if (typeof name !== "string" || !(title === null || typeof title === "string"))
    throw new EnvelopeError("format", "the sealed identity has an unexpected shape");
  return { name, title };
}

// ---- The envelope (what is stored per signature) ----
//
//   version (1) | threshold k (1) | trustee count n (1)
//   n × [ id length (1) | id (ASCII) | share digest (32) | sealed share (82) ]
//   key commitment (32)
//   IV (12) | identity ciphertext (1024) | GCM tag (16)
//
// Everything before the IV (the header) is hashed into the identity's associated
// data, so a change to any byte of the envelope makes it fail to open.

export type TrusteeEntry = { id: string; digest: Bytes; sealedShare: Bytes };
export type Envelope = {
  threshold: number;
  trustees: TrusteeEntry[];
  keyCommitment: Bytes;
  header: Bytes;
  iv: Bytes;
  ciphertext: Bytes;
};

/** The exact size of every envelope sealed for these trustees (the same for all signatures of a letter). */
export function envelopeSize(trusteeIds: string[]): number {
  return (
    3 + trusteeIds.reduce((sum, id) => sum + 1 + id.length + DIGEST_BYTES + SEALED_SHARE_BYTES, 0) + DIGEST_BYTES + IDENTITY_SECTION_BYTES
  );
}

export function encodeEnvelope(e: Omit<Envelope, "header" | "iv" | "ciphertext">): Bytes {
  const header = new Uint8Array(envelopeSize(e.trustees.map((t) => t.id)) - IDENTITY_SECTION_BYTES);
  header.set([FORMAT_VERSION, e.threshold, e.trustees.length]);
  let at = 3;
  for (const t of e.trustees) {
    header[at] = t.id.length;
    header.set(utf8(t.id), at + 1);
    const digestAt = at + 1 + t.id.length;
    header.set(t.digest, digestAt);
    header.set(t.sealedShare, digestAt + DIGEST_BYTES);
    at = digestAt + DIGEST_BYTES + SEALED_SHARE_BYTES;
  }
  header.set(e.keyCommitment, at);
  return header;
}

export function joinEnvelope(header: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Bytes {
  const out = new Uint8Array(header.length + iv.length + ciphertext.length);
  out.set(header);
  out.set(iv, header.length);
  out.set(ciphertext, header.length + iv.length);
  return out;
}

const malformed = (why: string) => new EnvelopeError("format", `not a trustee envelope: ${why}`);

export function parseEnvelope(value: unknown): Envelope {
  if (!ArrayBuffer.isView(value)) throw malformed("not bytes");
  if (value.byteLength > MAX_ENVELOPE_BYTES) throw malformed("too large");
  const bytes = copyBytes(value, "envelope");
  if (bytes.length < 3) throw malformed("truncated");
  const [version, threshold, count] = [bytes[0]!, bytes[1]!, bytes[2]!];
  if (version !== FORMAT_VERSION) throw malformed(`unknown version ${version}`);
  if (count < MIN_TRUSTEES || count > MAX_TRUSTEES) throw malformed("trustee count out of range");
  if (threshold < 2 || threshold > count) throw malformed("threshold out of range");
  const trustees: TrusteeEntry[] = [];
  let at = 3;
  for (let i = 0; i < count; i++) {
    const idLength = bytes[at] ?? 0;
    if (idLength === 0 || idLength > MAX_ID_LENGTH) throw malformed("trustee id length out of range");
    const end = at + 1 + idLength + DIGEST_BYTES + SEALED_SHARE_BYTES;
    if (end > bytes.length) throw malformed("truncated");
    const id = String.fromCharCode(...bytes.subarray(at + 1, at + 1 + idLength));
    if (!VISIBLE_ASCII.test(id) || trustees.some((t) => t.id === id)) throw malformed("bad or repeated trustee id");
    const digestAt = at + 1 + idLength;
    trustees.push({
      id,
      digest: bytes.subarray(digestAt, digestAt + DIGEST_BYTES),
      sealedShare: bytes.subarray(digestAt + DIGEST_BYTES, end),
    });
    at = end;
  }
  if (bytes.length !== at + DIGEST_BYTES + IDENTITY_SECTION_BYTES) throw malformed("wrong length");
  const ivAt = at + DIGEST_BYTES;
  return {
    threshold,
    trustees,
    keyCommitment: bytes.subarray(at, ivAt),
    header: bytes.subarray(0, ivAt),
    iv: bytes.subarray(ivAt, ivAt + IV_BYTES),
    ciphertext: bytes.subarray(ivAt + IV_BYTES),
  };
}

/** One sealed share: version | enc | ciphertext. Throws EnvelopeError("format") if it is not that. */
export function parseSealedShare(value: unknown, signatureId?: string) {
  if (
    !ArrayBuffer.isView(value) ||
    value.byteLength !== SEALED_SHARE_BYTES ||
    new Uint8Array(value.buffer, value.byteOffset, 1)[0] !== FORMAT_VERSION
  )
    throw new EnvelopeError("format", "not a sealed share", signatureId);
  const bytes = copyBytes(value, "sealed share");
  return { enc: bytes.subarray(1, 1 + PUBLIC_KEY_BYTES), ciphertext: bytes.subarray(1 + PUBLIC_KEY_BYTES) };
}
