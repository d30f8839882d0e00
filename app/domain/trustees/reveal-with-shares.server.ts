// The reveal of a letter with trustees (issue 15): once k trustees have released,
// each trustee-sealed signature holding k released shares is opened here, its
// identity sealed again under the data key as an ordinary server-sealed identity,
// and its shares deleted; then the letter flips AWAITING_TRUSTEES → REVEALED, once,
// with its audit event (the reveal-notices job then mails as for any letter).
// After the reveal the same function opens signatures topped up since.
//
// No name is shown here: identities go from one seal to another, and the one
// unseal path (unseal.server.ts) reads them later under its rule.
//
// Running twice or at once does it once: each row is rewritten only while it is
// still trustee-sealed (resealed-identities.server.ts), and the flip is guarded.
// Most signatures are opened before "done", as their k-th share arrives
// (open-completed.server.ts); what is left here is what that missed.
import type { EnvelopeError } from "~/crypto/trustee";
import { openWithSharesFast } from "~/crypto/trustee/open-fast.server";
import { sealIdentity, unwrapDataKey, unwrapReleasedShare, unwrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { awaitsPublication, awaitsTrustees, LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { type Resealed, storeReleaseChunk } from "~/domain/letters/signing-store/resealed-identities.server";
import { log } from "~/log.server";
import { coveredByRelease } from "./release-access.server";

// Rows read per round: 2,000 envelopes (about 3 MB) and their shares.
const CHUNK = 2_000;

export type RevealReport = { opened: number; unopenable: number; revealed: boolean };

const nothing: RevealReport = { opened: 0, unopenable: 0, revealed: false };

export async function revealWithShares(letterId: string, now = new Date()): Promise<RevealReport> {
  const letter = await db().letter.findUniqueOrThrow({
    where: { id: letterId },
    select: { status: true, trusteeThreshold: true, textHash: true, wrappedDataKey: true, signatureCount: true },
  });
  const status = letterStatus(letter.status);
  const k = letter.trusteeThreshold;
  if (!(awaitsTrustees(status) || awaitsPublication(status)) || !letter.wrappedDataKey || !k || !letter.textHash) return nothing;
  const released = await db().trustee.findMany({ where: { letterId, releasedAt: { not: null } }, select: { id: true } });
  if (released.length < k) return nothing;
  const releasedIds = released.map((t) => t.id);

  const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey);
  let opened = 0;
  let unopenable = 0;
  try {
    for (let after: string | undefined; ;) {
      const rows = await db().signature.findMany({
        // Only what a release covers now (decision 019): an unmet condition stays in its envelope.
        where: { ...coveredByRelease({ id: letterId, signatureCount: letter.signatureCount }), ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: "asc" },
        select: { id: true, sealedIdentity: true },
        take: CHUNK,
      });
      if (rows.length === 0) break;
      const shares = await db().trusteeShare.findMany({
        where: { letterId, signatureId: { gte: rows[0]!.id, lte: rows.at(-1)!.id }, trusteeId: { in: releasedIds } },
        select: { signatureId: true, trusteeId: true, sealedShare: true },
      });
      const sharesOf = new Map<string, typeof shares>();
      for (const share of shares) sharesOf.set(share.signatureId, [...(sharesOf.get(share.signatureId) ?? []), share]);

      const resealed: Resealed[] = [];
      for (const row of rows) {
        const mine = sharesOf.get(row.id) ?? [];
        if (mine.length < k || !row.sealedIdentity) continue;
        const at = { letterId, signatureId: row.id };
        const envelope = unwrapTrusteeEnvelope(dataKey, at, row.sealedIdentity);
        const plain = mine.slice(0, k).map((s) => unwrapReleasedShare(dataKey, { ...at, trusteeId: s.trusteeId }, s.sealedShare));
        try {
          const identity = await openWithSharesFast(envelope, plain, { ...at, textHash: letter.textHash });
          resealed.push({ id: row.id, sealedIdentity: sealIdentity(dataKey, at, identity) });
        } catch (error) {
          // Every share was checked against this envelope as it arrived: an envelope
          // that k of them do not open was sealed wrong by the signer's browser.
          unopenable += 1;
          log.warn("a trustee envelope did not open with k checked shares", { reason: (error as EnvelopeError).reason ?? "unknown" });
        }
      }
      opened += (await storeReleaseChunk({ id: letterId, status: null }, [], resealed)).opened;
      if (rows.length < CHUNK) break;
      after = rows.at(-1)!.id;
    }
  } finally {
    dataKey.fill(0);
  }
  const revealed = awaitsTrustees(status) ? await flipToRevealed(letterId, now) : false;
  return { opened, unopenable, revealed };
}

/** AWAITING_TRUSTEES → REVEALED and its audit event, once. */
async function flipToRevealed(letterId: string, now: Date) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.letter.updateMany({
      where: { id: letterId, status: LetterStatus.AWAITING_TRUSTEES },
      data: { status: LetterStatus.REVEALED, revealedAt: now },
    });
    if (count === 1) await recordAudit(tx, letterId, "revealed");
    return count === 1;
  });
}

/**
 * The periodic job: letters still waiting for their trustees although k have
 * released (the reveal in the k-th trustee's request was cut short).
 */
export async function revealReleasedLetters(now = new Date()) {
  const waiting = await db().letter.findMany({ where: { status: LetterStatus.AWAITING_TRUSTEES }, select: { id: true } });
  let revealed = 0;
  for (const { id } of waiting) if ((await revealWithShares(id, now)).revealed) revealed += 1;
  return revealed;
}
