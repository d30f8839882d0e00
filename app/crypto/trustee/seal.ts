// Sealing a signer's identity for the letter's trustees (issue 15). Runs in the
// signer's browser, or, without JavaScript, on the server with the very same code
// and the same public keys. A fresh random key per signature encrypts the padded
// {name, title}; the key is split k-of-n with Shamir's scheme, and each share is
// sealed to one trustee with HPKE. No party holding fewer than k trustees' shares,
// the server included, can open the name.
import { split } from "shamir-secret-sharing";
import { aesEncrypt, importAesKey } from "./aes";
import { EnvelopeError, TrusteeInputError } from "./errors";
import {
  context,
  contextDigest,
  copyBytes,
  encodeEnvelope,
  joinEnvelope,
  KEY_BYTES,
  MAX_TRUSTEES,
  MIN_TRUSTEES,
  paddedIdentity,
  parseEnvelope,
  PUBLIC_KEY_BYTES,
  Purpose,
  requireId,
  requireText,
  toBase64Url,
  type TrusteeEntry,
} from "./formats";
import { importPublicKey, sealShare } from "./hpke";

export type TrusteeRef = { id: string; publicKey: Uint8Array };
export type SealContext = { letterId: string; signatureId: string; textHash: string; threshold: number; trustees: TrusteeRef[] };
export type Identity = { name: string; title: string | null };

/** Per trustee: what the server compares an uploaded share with (checkShare). */
export const shareDigest = (row: { letterId: string; signatureId: string; trusteeId: string }, share: Uint8Array) =>
  contextDigest(context(Purpose.shareDigest, row.letterId, row.signatureId, row.trusteeId), share);

/**
 * Binds the envelope to one key, so that every set of k shares that opens it at all
 * opens it to the same identity: a signer's browser that dealt inconsistent shares
 * cannot show one name to some trustees and another name to others.
 */
export const keyCommitment = (row: { letterId: string; signatureId: string }, key: Uint8Array) =>
  contextDigest(context(Purpose.keyCommitment, row.letterId, row.signatureId), key);

/** The identity's associated data: its row, the letter's text as signed, and every byte of the header. */
export async function identityAad(row: { letterId: string; signatureId: string; textHash: string }, header: Uint8Array) {
  const headerHash = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(header)));
  return context(Purpose.identity, row.letterId, row.signatureId, row.textHash, toBase64Url(headerHash));
}

function checkedContext(ctx: SealContext) {
  const letterId = requireId(ctx?.letterId, "letter id");
  const signatureId = requireId(ctx.signatureId, "signature id");
  const textHash = requireText(ctx.textHash, "text hash");
  if (!Array.isArray(ctx.trustees) || ctx.trustees.length < MIN_TRUSTEES || ctx.trustees.length > MAX_TRUSTEES)
    throw new TrusteeInputError("trustees", `a letter has ${MIN_TRUSTEES} to ${MAX_TRUSTEES} trustees`);
  const trustees = ctx.trustees.map((t) => {
    try {
      return { id: requireId(t.id, "trustee id"), publicKey: copyBytes(t.publicKey, "public key", PUBLIC_KEY_BYTES) };
    } catch (error) {
      throw error instanceof TrusteeInputError && error.reason === "ids"
        ? error
        : new TrusteeInputError("trustees", `trustee ${String(t?.id).slice(0, 40)}'s public key must be 32 bytes`);
    }
  });
  const distinct = (values: string[]) => new Set(values).size === values.length;
  if (!distinct(trustees.map((t) => t.id)) || !distinct(trustees.map((t) => toBase64Url(t.publicKey))))
    throw new TrusteeInputError("trustees", "each trustee needs an id and a public key of their own");
  const { threshold } = ctx;
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > trustees.length)
    throw new TrusteeInputError("threshold", `the threshold must be a whole number from 2 to ${trustees.length}`);
  return { letterId, signatureId, textHash, threshold, trustees };
}

/** The envelope for one signature: its identity, openable only with `threshold` of the trustees' shares. */
export async function sealForTrustees(identity: Identity, ctx: SealContext): Promise<Uint8Array> {
  const { letterId, signatureId, textHash, threshold, trustees } = checkedContext(ctx);
  const plaintext = paddedIdentity(identity);
  const recipients = await Promise.all(trustees.map((t) => importPublicKey(t.publicKey, t.id)));

  const key = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const shares = await split(key, trustees.length, threshold);
  try {
    const entries: TrusteeEntry[] = await Promise.all(
      trustees.map(async (t, i) => {
        const row = { letterId, signatureId, trusteeId: t.id };
        const share = new Uint8Array(shares[i]!);
        try {
          return { id: t.id, digest: await shareDigest(row, share), sealedShare: await sealShare(recipients[i]!, row, share) };
        } finally {
          share.fill(0);
        }
      }),
    );
    const header = encodeEnvelope({ threshold, trustees: entries, keyCommitment: await keyCommitment({ letterId, signatureId }, key) });
    const aesKey = await importAesKey(key);
    const { iv, ciphertext } = await aesEncrypt(aesKey, plaintext, await identityAad({ letterId, signatureId, textHash }, header));
    return joinEnvelope(header, iv, ciphertext);
  } finally {
    key.fill(0);
    plaintext.fill(0);
    for (const share of shares) share.fill(0);
  }
}

/** The threshold and the trustees' ids, in the order they were given to sealForTrustees. */
export function envelopeInfo(envelope: Uint8Array): { threshold: number; trusteeIds: string[] } {
  const { threshold, trustees } = parseEnvelope(envelope);
  return { threshold, trusteeIds: trustees.map((t) => t.id) };
}

/** Only `trusteeId`'s sealed share: what the server hands that trustee to open. */
export function shareFor(envelope: Uint8Array, trusteeId: string): Uint8Array {
  const entry = parseEnvelope(envelope).trustees.find((t) => t.id === trusteeId);
  if (!entry) throw new EnvelopeError("unknown-trustee", "this envelope has no share for that trustee");
  return new Uint8Array(entry.sealedShare);
}
