// The server's own way to check released shares and open envelopes, for the reveal
// of up to 100,000 signatures at once (issue 15): the very format of open.ts, but on
// node:crypto, synchronously. WebCrypto costs a promise and a hop to its thread pool
// per hash and per decryption, about 0.5 ms per identity; here it is a few
// microseconds. tests/unit/trustee-open-fast.property.test.ts holds it to
// openWithShares and checkShare on random and tampered envelopes.
import crypto from "node:crypto";
import { combine } from "shamir-secret-sharing";
import { EnvelopeError, TrusteeInputError } from "./errors";
import {
  type Bytes,
  context,
  equalBytes,
  type Envelope,
  parseEnvelope,
  parseIdentity,
  Purpose,
  requireId,
  requireText,
  SHARE_BYTES,
  TAG_BYTES,
  toBase64Url,
  type TrusteeEntry,
} from "./formats";
import type { Identity } from "./seal";

type Row = { letterId: string; signatureId: string };

/** contextDigest of formats.ts: SHA-256 over a 4-byte length, the context, then the data. */
function digest(contextBytes: Uint8Array, data: Uint8Array): Buffer {
  const input = Buffer.allocUnsafe(4 + contextBytes.length + data.length);
  input.writeUInt32BE(contextBytes.length);
  input.set(contextBytes, 4);
  input.set(data, 4 + contextBytes.length);
  try {
    // One-shot: a Hash object costs more than hashing a hundred bytes.
    return crypto.hash("sha256", input, "buffer");
  } finally {
    input.fill(0);
  }
}

const shareDigest = (row: Row & { trusteeId: string }, share: Uint8Array) =>
  digest(context(Purpose.shareDigest, row.letterId, row.signatureId, row.trusteeId), share);

function matches(entry: TrusteeEntry, row: Row, share: Uint8Array) {
  return equalBytes(shareDigest({ ...row, trusteeId: entry.id }, share), entry.digest);
}

/** checkShare of open.ts, given the envelope already parsed (the server parses each once). */
export function checkShareFast(envelope: Envelope, ctx: Row & { trusteeId: string }, share: Uint8Array): boolean {
  const entry = envelope.trustees.find((t) => t.id === ctx.trusteeId);
  if (!entry || !ArrayBuffer.isView(share) || share.byteLength !== SHARE_BYTES) return false;
  return matches(entry, ctx, share);
}

export { parseEnvelope };

/**
 * openWithShares of open.ts: the identity from at least `threshold` valid shares;
 * shares that match no trustee are ignored. Throws EnvelopeError: "format",
 * "not-enough-shares", "not-opened".
 */
export async function openWithSharesFast(
  envelope: Uint8Array | Envelope,
  shares: Uint8Array[],
  ctx: Row & { textHash: string },
): Promise<Identity> {
  const parsed = ArrayBuffer.isView(envelope) ? parseEnvelope(envelope) : envelope;
  const row = { letterId: requireId(ctx.letterId, "letter id"), signatureId: requireId(ctx.signatureId, "signature id") };
  const textHash = requireText(ctx.textHash, "text hash");
  if (!Array.isArray(shares) || shares.length > 64) throw new TrusteeInputError("options", "give at most 64 shares");

  const valid = new Map<string, Bytes>();
  for (const candidate of shares) {
    if (valid.size === parsed.threshold) break;
    if (!ArrayBuffer.isView(candidate) || candidate.byteLength !== SHARE_BYTES) continue;
    const share = new Uint8Array(candidate);
    const entry = parsed.trustees.find((t) => !valid.has(t.id) && matches(t, row, share));
    if (entry) valid.set(entry.id, share);
  }
  if (valid.size < parsed.threshold)
    throw new EnvelopeError("not-enough-shares", `${parsed.threshold} valid shares are needed, ${valid.size} were given`);

  let key: Uint8Array;
  try {
    key = await combine([...valid.values()]);
  } catch {
    // Two trustees dealt the same x coordinate: only a hostile signer's browser does that.
    throw new EnvelopeError("not-opened", "the shares do not open this envelope (dealt inconsistently)");
  }
  try {
    if (!equalBytes(digest(context(Purpose.keyCommitment, row.letterId, row.signatureId), key), parsed.keyCommitment))
      throw new EnvelopeError("not-opened", "the shares do not open this envelope (altered, or dealt inconsistently)");
    const headerHash = crypto.hash("sha256", parsed.header, "buffer");
    const aad = context(Purpose.identity, row.letterId, row.signatureId, textHash, toBase64Url(headerHash));
    const body = parsed.ciphertext.subarray(0, parsed.ciphertext.length - TAG_BYTES);
    const tag = parsed.ciphertext.subarray(parsed.ciphertext.length - TAG_BYTES);
    let plaintext: Buffer;
    try {
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, parsed.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      plaintext = Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new EnvelopeError("not-opened", "the envelope could not be opened (wrong signature, wrong text, or altered)");
    }
    try {
      return parseIdentity(plaintext);
    } finally {
      plaintext.fill(0);
    }
  } finally {
    key.fill(0);
    for (const share of valid.values()) share.fill(0);
  }
}
