// Sealed identities (privacy promise 2). Each letter has its own random data key;
// signers' names and titles, and apart from them their contact emails, are
// encrypted under it with AES-256-GCM. The contact address has a blob of its own so
// that mailing the few signers who left one (reveal, publication, shredding) opens
// only those, not every name of a 100,000-signature letter (decision 007).
// The data key is stored only wrapped by the key-encryption key (KEK), which lives
// outside the database, so a dump alone opens nothing. Deleting a letter's wrapped
// key crypto-shreds it: every blob sealed under that key becomes unreadable at once,
// including copies in backups, which deleting rows alone could never achieve.
//
// Both formats are: version byte | 12-byte IV | ciphertext | 16-byte GCM tag.
// The associated data names what a blob belongs to (the letter, and the signature),
// so a blob or wrapped key copied onto another row fails authentication instead of
// quietly opening there: an attacker who can write the database cannot move a
// sealed identity onto a signature they control, or swap a letter's data key.
import crypto from "node:crypto";
import { config } from "~/config/env.server";
import { pooledRandomBytes } from "./random-pool.server";

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
// Plaintext is padded to a multiple of this many bytes before sealing, so the
// ciphertext's length does not give away the length of a name and title, or of an
// address (which, set against the employer's staff directory, would narrow down
// who signed).
const PAD_TO = 256;

export type SealedIdentity = { name: string; title: string | null };
export type SealedRow = { letterId: string; signatureId: string };

// Prisma's Bytes columns want a Uint8Array backed by a plain ArrayBuffer.
const toBytes = (b: Uint8Array) => new Uint8Array(b) as Uint8Array<ArrayBuffer>;

// JSON arrays keep the fields unambiguous (no "a|b" + "c" = "a" + "b|c"), and the
// purpose string keeps a wrapped key and a sealed identity from ever standing in
// for each other.
const wrapAad = (letterId: string) => Buffer.from(JSON.stringify(["undersigned/wrapped-data-key", VERSION, letterId]));
type Purpose =
  | "undersigned/sealed-identity"
  | "undersigned/sealed-contact"
  | "undersigned/sealed-trustee-email"
  | "undersigned/wrapped-trustee-envelope";
const sealAad = (purpose: Purpose, { letterId, signatureId }: SealedRow) =>
  Buffer.from(JSON.stringify([purpose, VERSION, letterId, signatureId]));

/** Padded to a multiple of PAD_TO; trailing spaces are JSON whitespace, so opening needs no unpadding. */
function padded(value: unknown) {
  const json = Buffer.from(JSON.stringify(value));
  const out = Buffer.alloc(Math.ceil((json.length + 1) / PAD_TO) * PAD_TO, " ");
  json.copy(out);
  return out;
}

function requireKey(key: Uint8Array, what: string) {
  if (key.length !== KEY_BYTES) throw new Error(`${what} must be ${KEY_BYTES} bytes`);
}

function encrypt(key: Uint8Array, plaintext: Uint8Array, aad: Buffer) {
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return toBytes(Buffer.concat([Buffer.of(VERSION), iv, ciphertext, cipher.getAuthTag()]));
}

/** Throws on a wrong key, the wrong associated data, or any altered byte. */
function decrypt(key: Uint8Array, blob: Uint8Array, aad: Buffer, what: string) {
  // A view, not a copy: 100,000 of these are opened at a reveal.
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES) throw new Error(`${what} is truncated`);
  if (bytes[0] !== VERSION) throw new Error(`${what} has unknown format version ${bytes[0]}`);
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const ciphertext = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    const plaintext = decipher.update(ciphertext);
    decipher.final(); // GCM yields nothing more here: it checks the tag
    return plaintext;
  } catch {
    // Deliberately vague: which of key, row or bytes was wrong is nobody's business.
    throw new Error(`${what} could not be opened (wrong key, wrong row, or altered)`);
  }
}

/** A fresh random data key for a letter, returned only wrapped under the KEK. */
export function newWrappedDataKey(letterId: string, kek: Buffer = config().keyEncryptionKey) {
  requireKey(kek, "key-encryption key");
  const dataKey = crypto.randomBytes(KEY_BYTES);
  try {
    return encrypt(kek, dataKey, wrapAad(letterId));
  } finally {
    dataKey.fill(0);
  }
}

/** A key wrapped under `kek` with `aad`; throws if it was wrapped for another owner or under another KEK. */
function unwrapKey(kek: Buffer, wrapped: Uint8Array, aad: Buffer, what: string) {
  requireKey(kek, "key-encryption key");
  const key = decrypt(kek, wrapped, aad, `wrapped ${what}`);
  requireKey(key, what);
  return key;
}

/** The same key, wrapped under `newKek` (key rotation); what it sealed needs no change. */
function rewrapKey(wrapped: Uint8Array, aad: Buffer, oldKek: Buffer, newKek: Buffer, what: string) {
  requireKey(newKek, "new key-encryption key");
  const key = unwrapKey(oldKek, wrapped, aad, what);
  try {
    return encrypt(newKek, key, aad);
  } finally {
    key.fill(0);
  }
}

/** The letter's data key. Throws if `wrapped` belongs to another letter or another KEK. */
export function unwrapDataKey(letterId: string, wrapped: Uint8Array, kek: Buffer = config().keyEncryptionKey) {
  return unwrapKey(kek, wrapped, wrapAad(letterId), "data key");
}

/** The same data key, wrapped under `newKek` (for key rotation); blobs need no change. */
export function rewrapDataKey(letterId: string, wrapped: Uint8Array, oldKek: Buffer, newKek: Buffer) {
  return rewrapKey(wrapped, wrapAad(letterId), oldKek, newKek, "data key");
}

export function sealIdentity(dataKey: Uint8Array, row: SealedRow, identity: SealedIdentity) {
  requireKey(dataKey, "data key");
  return encrypt(dataKey, padded({ name: identity.name, title: identity.title }), sealAad("undersigned/sealed-identity", row));
}

/** Throws if the blob was sealed for another signature or letter, or altered. */
export function unsealIdentity(dataKey: Uint8Array, row: SealedRow, blob: Uint8Array): SealedIdentity {
  requireKey(dataKey, "data key");
  const plaintext = decrypt(dataKey, blob, sealAad("undersigned/sealed-identity", row), "sealed identity");
  const value = JSON.parse(plaintext.toString("utf8")) as Record<string, unknown>;
  if (typeof value.name !== "string" || !(value.title === null || typeof value.title === "string")) {
    throw new Error("sealed identity has an unexpected shape");
  }
  return { name: value.name, title: value.title };
}

/** A signer's contact address, sealed like the identity but under its own purpose. */
export function sealContact(dataKey: Uint8Array, row: SealedRow, contactEmail: string) {
  requireKey(dataKey, "data key");
  return encrypt(dataKey, padded([contactEmail]), sealAad("undersigned/sealed-contact", row));
}

/** Throws if the blob was sealed for another signature or letter, is an identity blob, or was altered. */
export function unsealContact(dataKey: Uint8Array, row: SealedRow, blob: Uint8Array): string {
  requireKey(dataKey, "data key");
  const value = JSON.parse(
    decrypt(dataKey, blob, sealAad("undersigned/sealed-contact", row), "sealed contact").toString("utf8"),
  ) as unknown;
  if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== "string")
    throw new Error("sealed contact has an unexpected shape");
  return value[0];
}

/**
 * A trustee envelope (app/crypto/trustee/: the identity sealed in the signer's browser,
 * or by the server without JavaScript, openable only with k trustees' shares), wrapped
 * once more under the letter's data key (decision 015): a dump without the KEK shows
 * not even the envelope's header (its trustee ids and sealed shares), and shredding
 * the data key destroys it like any sealed identity. Its own purpose: a wrapped
 * envelope never opens as a plain sealed identity, nor one as the other. Not padded:
 * every envelope of a letter has the same size already (envelopeSize).
 */
export function wrapTrusteeEnvelope(dataKey: Uint8Array, row: SealedRow, envelope: Uint8Array) {
  requireKey(dataKey, "data key");
  return encrypt(dataKey, envelope, sealAad("undersigned/wrapped-trustee-envelope", row));
}

/** The envelope as sealed for the trustees; throws if wrapped for another signature or letter, another kind of blob, or altered. */
export function unwrapTrusteeEnvelope(dataKey: Uint8Array, row: SealedRow, wrapped: Uint8Array) {
  requireKey(dataKey, "data key");
  return toBytes(decrypt(dataKey, wrapped, sealAad("undersigned/wrapped-trustee-envelope", row), "wrapped trustee envelope"));
}

/** A letter's trustee (decision 015): their address is sealed under the letter's data key, bound to their row. */
export type TrusteeRow = { letterId: string; trusteeId: string };
const trusteeAad = ({ letterId, trusteeId }: TrusteeRow) =>
  sealAad("undersigned/sealed-trustee-email", { letterId, signatureId: trusteeId });

/** A trustee's address, sealed like a signer's contact address but under its own purpose and row. */
export function sealTrusteeEmail(dataKey: Uint8Array, row: TrusteeRow, email: string) {
  requireKey(dataKey, "data key");
  return encrypt(dataKey, padded([email]), trusteeAad(row));
}

/** Throws if the blob was sealed for another trustee or letter, is another kind of blob, or was altered. */
export function unsealTrusteeEmail(dataKey: Uint8Array, row: TrusteeRow, blob: Uint8Array): string {
  requireKey(dataKey, "data key");
  const value = JSON.parse(decrypt(dataKey, blob, trusteeAad(row), "sealed trustee email").toString("utf8")) as unknown;
  if (!Array.isArray(value) || value.length !== 1 || typeof value[0] !== "string")
    throw new Error("sealed trustee email has an unexpected shape");
  return value[0];
}

// A share a trustee released (issue 15), kept until the identity it opens is sealed
// again by the server: wrapped under the data key, bound to letter, signature and
// trustee, so one trustee's share can never be passed off as another's.
export type ShareRow = { letterId: string; signatureId: string; trusteeId: string };
const releasedShareAad = ({ letterId, signatureId, trusteeId }: ShareRow) =>
  Buffer.from(JSON.stringify(["undersigned/released-trustee-share", VERSION, letterId, signatureId, trusteeId]));

export function wrapReleasedShare(dataKey: Uint8Array, row: ShareRow, share: Uint8Array) {
  requireKey(dataKey, "data key");
  return encrypt(dataKey, share, releasedShareAad(row));
}

/** Throws if the blob was wrapped for another signature, trustee or letter, or altered. */
export function unwrapReleasedShare(dataKey: Uint8Array, row: ShareRow, wrapped: Uint8Array): Uint8Array {
  requireKey(dataKey, "data key");
  return toBytes(decrypt(dataKey, wrapped, releasedShareAad(row), "released trustee share"));
}

// Outbox keys (decision 009): short-lived, one per epoch, wrapped under the KEK
// like a letter's data key but under their own purpose, so neither can stand in
// for the other. Deleting an outbox key's row makes every mail sealed under it
// unreadable, in the table, the WAL, free pages and backups alike.
const outboxKeyAad = (epoch: number) => Buffer.from(JSON.stringify(["undersigned/wrapped-outbox-key", VERSION, epoch]));
const sealedMailAad = (messageId: string, kind: string) =>
  Buffer.from(JSON.stringify(["undersigned/sealed-mail", VERSION, messageId, kind]));

/**
 * A queued mail. `headers` (e.g. List-Unsubscribe) and `attach` (references the
 * worker resolves when it sends, e.g. "letter-pdf:<letterId>": a PDF is not kept
 * in the outbox) are sealed with the rest, and present only when given.
 */
export type MailContent = {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers?: Record<string, string>;
  attach?: string[];
};

function mailExtras(mail: MailContent) {
  if (!mail.headers && !mail.attach) return [];
  return [{ ...(mail.headers ? { headers: mail.headers } : {}), ...(mail.attach ? { attach: mail.attach } : {}) }];
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");

/** The optional fifth element of a sealed mail, checked; throws when it is malformed. */
function openedExtras(value: unknown): Pick<MailContent, "headers" | "attach"> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null) throw new Error("sealed mail has an unexpected shape");
  const { headers, attach } = value as { headers?: unknown; attach?: unknown };
  if (headers !== undefined && !isStringRecord(headers)) throw new Error("sealed mail has an unexpected shape");
  if (attach !== undefined && !(Array.isArray(attach) && attach.every((a) => typeof a === "string"))) {
    throw new Error("sealed mail has an unexpected shape");
  }
  return { ...(headers ? { headers } : {}), ...(attach ? { attach: attach as string[] } : {}) };
}

/** A fresh random outbox key for `epoch`: the plain key (to use now, then zero) and its wrapped form (to store). */
export function newOutboxKey(epoch: number, kek: Buffer = config().keyEncryptionKey) {
  requireKey(kek, "key-encryption key");
  const key = crypto.randomBytes(KEY_BYTES);
  return { key, wrapped: encrypt(kek, key, outboxKeyAad(epoch)) };
}

/** Throws if `wrapped` belongs to another epoch or another KEK. */
export function unwrapOutboxKey(epoch: number, wrapped: Uint8Array, kek: Buffer = config().keyEncryptionKey) {
  return unwrapKey(kek, wrapped, outboxKeyAad(epoch), "outbox key");
}

/** The same outbox key, wrapped under `newKek` (for key rotation). */
export function rewrapOutboxKey(epoch: number, wrapped: Uint8Array, oldKek: Buffer, newKek: Buffer) {
  return rewrapKey(wrapped, outboxKeyAad(epoch), oldKek, newKek, "outbox key");
}

/** A queued mail's recipient, subject and bodies as one blob bound to its outbox row and kind. */
export function sealMail(outboxKey: Uint8Array, row: { id: string; kind: string }, mail: MailContent) {
  requireKey(outboxKey, "outbox key");
  return encrypt(outboxKey, padded([mail.to, mail.subject, mail.text, mail.html, ...mailExtras(mail)]), sealedMailAad(row.id, row.kind));
}

/** Throws if the blob was sealed for another row or kind, under another key, or altered. */
export function openMail(outboxKey: Uint8Array, row: { id: string; kind: string }, blob: Uint8Array): MailContent {
  requireKey(outboxKey, "outbox key");
  const value = JSON.parse(decrypt(outboxKey, blob, sealedMailAad(row.id, row.kind), "sealed mail").toString("utf8")) as unknown;
  if (
    !Array.isArray(value) ||
    (value.length !== 4 && value.length !== 5) ||
    !value.slice(0, 3).every((v) => typeof v === "string") ||
    !(value[3] === null || typeof value[3] === "string")
  ) {
    throw new Error("sealed mail has an unexpected shape");
  }
  const [to, subject, text, html, extras] = value as [string, string, string, string | null, unknown];
  return { to, subject, text, html, ...openedExtras(extras) };
}
