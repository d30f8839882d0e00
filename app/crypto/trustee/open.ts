// Opening, in two steps held by different parties (issue 15). At the threshold each
// trustee's browser opens its own sealed shares (openShares) and hands the shares to
// the server, which checks each against the envelope's digest as it arrives
// (checkShare) and, once it holds k trustees' shares for a signature, combines them
// and opens the identity (openWithShares).
import { combine } from "shamir-secret-sharing";
import { aesDecrypt, importAesKey } from "./aes";
import { EnvelopeError, KeyFileError, TrusteeInputError } from "./errors";
import { type Bytes, equalBytes, parseEnvelope, parseIdentity, requireId, requireText, SHARE_BYTES, type TrusteeEntry } from "./formats";
import { openShare } from "./hpke";
import type { TrusteeKey } from "./keys";
import { identityAad, type Identity, keyCommitment, shareDigest } from "./seal";

// WebCrypto runs each open off the main thread; a few at once keep both cores busy
// without holding 10,000 pending promises.
const CONCURRENCY = 16;
// Each candidate share is hashed once per trustee; the server has at most one per trustee.
const MAX_CANDIDATES = 64;

/**
 * The shares `key` opens, one per item, in order. Throws EnvelopeError ("format" or
 * "not-opened", with the item's signatureId) if any item does not open: the wrong
 * key, a share from another letter, signature or trustee, or altered bytes.
 */
export async function openShares(
  key: TrusteeKey,
  items: { signatureId: string; sealedShare: Uint8Array }[],
  ctx: { letterId: string; trusteeId: string },
  onProgress?: (done: number, total: number) => void,
): Promise<{ signatureId: string; share: Uint8Array }[]> {
  if (ctx.letterId !== key.letterId) throw new KeyFileError("other-letter", "this key belongs to another letter");
  if (ctx.trusteeId !== key.trusteeId) throw new KeyFileError("other-trustee", "this key belongs to another trustee");
  if (!Array.isArray(items)) throw new TrusteeInputError("options", "items must be an array");
  const out: { signatureId: string; share: Uint8Array }[] = [];
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    const batch = items.slice(start, start + CONCURRENCY);
    const opened = await Promise.all(
      batch.map(async ({ signatureId, sealedShare }) => {
        const row = { letterId: key.letterId, signatureId: requireId(signatureId, "signature id"), trusteeId: key.trusteeId };
        const share = await openShare(key.privateKey, row, sealedShare);
        if (share.length !== SHARE_BYTES) throw new EnvelopeError("format", "a sealed share held no share", signatureId);
        return { signatureId, share };
      }),
    );
    out.push(...opened);
    onProgress?.(out.length, items.length);
  }
  return out;
}

/**
 * Whether `share` is the one the envelope dealt to `trusteeId` for this signature.
 * False for a share of another signature, letter or trustee, or any other bytes;
 * throws EnvelopeError("format") only if the envelope itself is malformed.
 */
export async function checkShare(
  envelope: Uint8Array,
  ctx: { letterId: string; signatureId: string; trusteeId: string },
  share: Uint8Array,
): Promise<boolean> {
  const entry = parseEnvelope(envelope).trustees.find((t) => t.id === ctx.trusteeId);
  if (!entry || !ArrayBuffer.isView(share) || share.byteLength !== SHARE_BYTES) return false;
  return matches(entry, ctx, new Uint8Array(share.buffer, share.byteOffset, share.byteLength));
}

async function matches(entry: TrusteeEntry, row: { letterId: string; signatureId: string }, share: Uint8Array) {
  return equalBytes(await shareDigest({ ...row, trusteeId: entry.id }, share), entry.digest);
}

/**
 * The identity, from at least `threshold` valid shares (in any order; shares that
 * match no trustee are ignored). Throws EnvelopeError: "format" (malformed),
 * "not-enough-shares" (fewer than the threshold valid), "not-opened" (anything altered).
 */
export async function openWithShares(
  envelope: Uint8Array,
  shares: Uint8Array[],
  ctx: { letterId: string; signatureId: string; textHash: string },
): Promise<Identity> {
  const parsed = parseEnvelope(envelope);
  const row = { letterId: requireId(ctx.letterId, "letter id"), signatureId: requireId(ctx.signatureId, "signature id") };
  const textHash = requireText(ctx.textHash, "text hash");

  // One share per trustee, each matched to its digest: k valid shares, never k copies of one.
  if (!Array.isArray(shares) || shares.length > MAX_CANDIDATES)
    throw new TrusteeInputError("options", `give at most ${MAX_CANDIDATES} shares`);
  const valid = new Map<string, Bytes>();
  for (const candidate of shares) {
    if (valid.size === parsed.threshold) break;
    if (!ArrayBuffer.isView(candidate) || candidate.byteLength !== SHARE_BYTES) continue;
    const share = new Uint8Array(new Uint8Array(candidate.buffer, candidate.byteOffset, candidate.byteLength));
    for (const entry of parsed.trustees) {
      if (!valid.has(entry.id) && (await matches(entry, row, share))) {
        valid.set(entry.id, share);
        break;
      }
    }
  }
  if (valid.size < parsed.threshold)
    throw new EnvelopeError("not-enough-shares", `${parsed.threshold} valid shares are needed, ${valid.size} were given`);

  const key = new Uint8Array(await combine([...valid.values()]));
  try {
    if (!equalBytes(await keyCommitment(row, key), parsed.keyCommitment))
      throw new EnvelopeError("not-opened", "the shares do not open this envelope (altered, or dealt inconsistently)");
    const plaintext = await aesDecrypt(
      await importAesKey(key),
      parsed.iv,
      parsed.ciphertext,
      await identityAad({ ...row, textHash }, parsed.header),
    );
    if (!plaintext) throw new EnvelopeError("not-opened", "the envelope could not be opened (wrong signature, wrong text, or altered)");
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
