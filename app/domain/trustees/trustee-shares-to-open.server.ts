// What a trustee's browser opens at the threshold (issue 15): a page of their own
// sealed shares, one per trustee-sealed signature they have not released yet, in
// id order, SHARES_PAGE_SIZE at a time. Only that trustee's share is taken out of
// each envelope (shareFor): never the envelope, never another trustee's share.
// And the figures the trustee checks before releasing anything.
import { shareFor } from "~/crypto/trustee";
import { unwrapDataKey, unwrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { assertTakesShares, countAwaitingShareFrom, countStillSealed, coveredByRelease, trusteeForRelease } from "./release-access.server";
import { SHARES_PAGE_SIZE } from "./release-rules";

export type SharesPage = { items: { signatureId: string; sealedShare: Uint8Array }[]; next: string | null };

/** One page of the trustee's sealed shares, after signature id `after` (the previous page's `next`). */
export async function trusteeSharesToOpen(token: string | undefined, { after }: { after?: string } = {}): Promise<SharesPage> {
  const { trustee, letter } = await trusteeForRelease(token);
  await assertTakesShares(letter, trustee);
  if (!letter.wrappedDataKey) throw new AppError("release-closed");
  const rows = await db().signature.findMany({
    where: {
      // Only what a release covers now (decision 019): a signature whose own condition is not met stays in its envelope.
      ...coveredByRelease(letter),
      trusteeShares: { none: { trusteeId: trustee.id } },
      ...(after ? { id: { gt: after } } : {}),
    },
    orderBy: { id: "asc" },
    select: { id: true, sealedIdentity: true },
    take: SHARES_PAGE_SIZE,
  });
  const dataKey = unwrapDataKey(letter.id, letter.wrappedDataKey);
  try {
    const items = rows.flatMap((row) => {
      if (!row.sealedIdentity) return [];
      const envelope = unwrapTrusteeEnvelope(dataKey, { letterId: letter.id, signatureId: row.id }, row.sealedIdentity);
      return [{ signatureId: row.id, sealedShare: shareFor(envelope, trustee.id) }];
    });
    return { items, next: rows.length === SHARES_PAGE_SIZE ? rows.at(-1)!.id : null };
  } finally {
    dataKey.fill(0);
  }
}

export type ReleaseTotals = {
  /** Signatures waiting for this trustee's share. */
  awaitingYou: number;
  /** Trustee-sealed signatures of the letter (waiting for any trustee). */
  stillSealed: number;
  /** Every signature of the letter. */
  signatures: number;
  threshold: number | null;
  trustees: number;
  released: number;
  refused: number;
};

/** The figures a trustee checks before releasing (and the page after). */
export async function releaseTotals(
  letter: { id: string; signatureCount: number; trusteeThreshold: number | null },
  trusteeId: string,
): Promise<ReleaseTotals> {
  const [awaitingYou, stillSealed, trustees] = await Promise.all([
    countAwaitingShareFrom(db(), letter, trusteeId),
    countStillSealed(db(), letter),
    db().trustee.findMany({ where: { letterId: letter.id }, select: { releasedAt: true, refusedAt: true } }),
  ]);
  return {
    awaitingYou,
    stillSealed,
    signatures: letter.signatureCount,
    threshold: letter.trusteeThreshold,
    trustees: trustees.length,
    released: trustees.filter((t) => t.releasedAt).length,
    refused: trustees.filter((t) => t.refusedAt).length,
  };
}
