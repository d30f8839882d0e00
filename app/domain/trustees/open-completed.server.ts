// Opening a signature the moment its k-th share arrives (issue 15, decision 016).
// The k-th trustee's chunk already holds each envelope unwrapped and parsed and
// that trustee's share checked against it; with the k−1 shares the other
// trustees released before, the server opens the identity there and seals it
// again under the data key, instead of reading and unwrapping every envelope a
// second time when the k-th trustee says "done" (at 100,000 signatures that
// second pass took 33 s in one request).
//
// This shows no name any earlier: identities only go from one seal to another,
// the one unseal path (unseal.server.ts) waits for the letter's flip to REVEALED
// at the k-th "done", and whoever holds the KEK could open them from the k shares
// on disk from the moment the k-th share arrived anyway. A signature that does not
// open here (shares arriving from two trustees at once, each missing the other's)
// stays trustee-sealed and is opened at "done" (reveal-with-shares.server.ts).
import type { EnvelopeError } from "~/crypto/trustee";
import type { Envelope } from "~/crypto/trustee/formats";
import { openWithSharesFast } from "~/crypto/trustee/open-fast.server";
import { sealIdentity, unwrapReleasedShare } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import type { Resealed } from "~/domain/letters/signing-store/resealed-identities.server";
import { log } from "~/log.server";

const READ_SLICE = 500;

export type CheckedShare = { signatureId: string; envelope: Envelope; share: Uint8Array };

/** The identities that these shares, with those released before, now open: sealed again under the data key. */
export async function openCompleted(
  letter: { id: string; textHash: string; trusteeThreshold: number },
  trusteeId: string,
  checked: CheckedShare[],
  dataKey: Uint8Array,
): Promise<Resealed[]> {
  const others = letter.trusteeThreshold - 1;
  if (checked.length === 0) return [];
  const released = [];
  // In slices: one query's parameters are bounded (SQLite's, Prisma's).
  for (let i = 0; i < checked.length; i += READ_SLICE) {
    const ids = checked.slice(i, i + READ_SLICE).map((item) => item.signatureId);
    released.push(
      ...(await db().trusteeShare.findMany({
        where: { letterId: letter.id, signatureId: { in: ids }, trusteeId: { not: trusteeId } },
        select: { signatureId: true, trusteeId: true, sealedShare: true },
      })),
    );
  }
  const sharesOf = new Map<string, typeof released>();
  for (const share of released) {
    const list = sharesOf.get(share.signatureId);
    if (list) list.push(share);
    else sharesOf.set(share.signatureId, [share]);
  }

  const resealed: Resealed[] = [];
  for (const { signatureId, envelope, share } of checked) {
    const before = sharesOf.get(signatureId);
    if (!before || before.length < others) continue;
    const at = { letterId: letter.id, signatureId };
    const plain = before.slice(0, others).map((s) => unwrapReleasedShare(dataKey, { ...at, trusteeId: s.trusteeId }, s.sealedShare));
    try {
      const identity = await openWithSharesFast(envelope, [share, ...plain], { ...at, textHash: letter.textHash });
      resealed.push({ id: signatureId, sealedIdentity: sealIdentity(dataKey, at, identity) });
    } catch (error) {
      // Every share was checked against this envelope: one that k of them do not
      // open was sealed wrong by the signer's browser. It stays for "done" to count.
      log.warn("a trustee envelope did not open with k checked shares", { reason: (error as EnvelopeError).reason ?? "unknown" });
    } finally {
      for (const bytes of plain) bytes.fill(0);
    }
  }
  return resealed;
}
