// A trustee's browser hands over the shares it opened (issue 15), a chunk at a
// time. The chunk is hostile until proven otherwise: its size was bounded before
// decoding (release-rules.ts), every signature must be a trustee-sealed signature
// of this very letter, and every share must be the one its envelope dealt to this
// trustee (checked against the envelope's digest). One bad item refuses the whole
// chunk, and nothing is stored: a wrong key file or a mixed-up letter is caught at
// its first chunk, before anything counts. Shares already stored are left alone.
import { fromBase64Url } from "~/crypto/trustee";
import { checkShareFast, parseEnvelope } from "~/crypto/trustee/open-fast.server";
import { unwrapDataKey, unwrapTrusteeEnvelope, wrapReleasedShare } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { awaitsTrustees } from "~/domain/letters/lifecycle";
import { type Resealed, type StoredShare, storeReleaseChunk } from "~/domain/letters/signing-store/resealed-identities.server";
import { assertTakesShares, countAwaitingShareFrom, trusteeForRelease } from "./release-access.server";
import { type CheckedShare, openCompleted } from "./open-completed.server";
import { nameAtMet } from "~/domain/letters/name-conditions";
import { MAX_RELEASE_ITEMS, type ReleaseItemText } from "./release-rules";

export type ReleaseReport = { stored: number; alreadyStored: number; gone: number; awaitingYou: number };

const SHARE_BYTES = 33;

export async function releaseShares(token: string | undefined, chunk: ReleaseItemText[]): Promise<ReleaseReport> {
  const { trustee, letter } = await trusteeForRelease(token);
  await assertTakesShares(letter, trustee);
  if (!letter.wrappedDataKey) throw new AppError("release-closed");
  if (chunk.length === 0 || chunk.length > MAX_RELEASE_ITEMS) throw new AppError("release-shares-invalid", { reason: "not-matching" });
  if (new Set(chunk.map((item) => item.signatureId)).size !== chunk.length)
    throw new AppError("release-shares-invalid", { reason: "repeated" });
  const items = chunk.map(({ signatureId, share }) => {
    const bytes = fromBase64Url(share, SHARE_BYTES);
    if (bytes?.length !== SHARE_BYTES) throw new AppError("release-shares-invalid", { reason: "not-matching" });
    return { signatureId, share: bytes };
  });

  const ids = items.map((item) => item.signatureId);
  const [rows, storedBefore] = await Promise.all([
    db().signature.findMany({
      where: { id: { in: ids } },
      select: { id: true, letterId: true, identitySealing: true, sealedIdentity: true, nameAt: true },
    }),
    db().trusteeShare.findMany({ where: { trusteeId: trustee.id, signatureId: { in: ids } }, select: { signatureId: true } }),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const already = new Set(storedBefore.map((row) => row.signatureId));
  const dataKey = unwrapDataKey(letter.id, letter.wrappedDataKey);
  const checked: CheckedShare[] = [];
  let gone = 0;
  let toStore: StoredShare[];
  let resealed: Resealed[] = [];
  try {
    for (const { signatureId, share } of items) {
      const row = byId.get(signatureId);
      // Withdrawn since the page was read, or opened meanwhile by k other shares: nothing to do.
      if (!row) {
        gone += 1;
        continue;
      }
      if (row.letterId !== letter.id) throw new AppError("release-shares-invalid", { reason: "other-letter" });
      // Not trustee-sealed any more, or not covered by a release now (its own condition unmet: decision 019).
      if (row.identitySealing !== IdentitySealing.TRUSTEES || !row.sealedIdentity || !nameAtMet(row.nameAt, letter.signatureCount)) {
        gone += 1;
        continue;
      }
      const at = { letterId: letter.id, signatureId, trusteeId: trustee.id };
      const envelope = parseEnvelope(unwrapTrusteeEnvelope(dataKey, at, row.sealedIdentity));
      if (!checkShareFast(envelope, at, share)) throw new AppError("release-shares-invalid", { reason: "not-matching" });
      if (!already.has(signatureId)) checked.push({ signatureId, envelope, share });
    }
    // While the letter waits for its trustees, what these shares complete is opened now
    // (open-completed.server.ts); top-ups after the reveal are opened at "done".
    if (awaitsTrustees(letter.status) && letter.textHash && letter.trusteeThreshold)
      resealed = await openCompleted(
        { ...letter, textHash: letter.textHash, trusteeThreshold: letter.trusteeThreshold },
        trustee.id,
        checked,
        dataKey,
      );
    const opened = new Set(resealed.map((row) => row.id));
    toStore = checked
      .filter((item) => !opened.has(item.signatureId))
      .map(({ signatureId, share }) => {
        const at = { letterId: letter.id, signatureId, trusteeId: trustee.id };
        return { ...at, sealedShare: wrapReleasedShare(dataKey, at, share) };
      });
  } finally {
    dataKey.fill(0);
    for (const { share } of items) share.fill(0);
  }

  const { stored, opened } = await storeReleaseChunk(letter, toStore, resealed);
  // A share that opened its signature counts as stored: the trustee's part is done.
  const taken = stored + opened;
  return {
    stored: taken,
    alreadyStored: items.length - gone - taken,
    gone,
    awaitingYou: await countAwaitingShareFrom(db(), letter, trustee.id),
  };
}
