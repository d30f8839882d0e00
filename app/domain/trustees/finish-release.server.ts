// A trustee says "done" once their browser has sent every share (issue 15). The
// first time, their release is recorded (once, guarded) with its audit event, and
// if k trustees have now released, the letter is revealed. A second time is
// refused ("already released"), changing nothing, unless the letter is revealed
// and signatures made since still wait: then it is a top-up, and what the shares
// now open is opened. A "done" that meets the reveal the others' shares made in the
// same moment is recorded as a release too, not refused.
import { type Tx, db } from "~/db/client.server";
import { AppError } from "~/errors";
import { recordAudit } from "~/domain/letters/audit.server";
import { awaitsPublication } from "~/domain/letters/lifecycle";
import { assertTakesShares, countAwaitingShareFrom, holdStatus, trusteeForRelease } from "./release-access.server";
import { revealWithShares } from "./reveal-with-shares.server";

export type FinishOutcome = { outcome: "released" | "topped-up"; released: number; threshold: number; revealed: boolean; opened: number };

export async function finishRelease(token: string | undefined, now = new Date()): Promise<FinishOutcome> {
  try {
    return await finishReleaseOnce(token, now);
  } catch (error) {
    // Trustees finishing at the same moment: the k-th one's reveal moved the letter on
    // (AWAITING_TRUSTEES → REVEALED) between a later one's read and its write. Read
    // again, once: the letter now takes that trustee's "done" as a released trustee's.
    if (!(error instanceof AppError && error.code === "release-status-changed")) throw error;
    try {
      return await finishReleaseOnce(token, now);
    } catch (again) {
      // Read again, the letter may have nothing left sealed for anyone: the others'
      // shares opened every name in that very moment. This trustee had sent all of
      // theirs (none was waiting), so their "done" stands as a release, not "over".
      if (again instanceof AppError && again.code === "release-over") return recordRelease(token, now);
      throw again;
    }
  }
}

/** Records the trustee's release (once, guarded) with its audit event. */
async function markReleased(letterId: string, trustee: { id: string; description: string }, now: Date, hold?: (tx: Tx) => Promise<void>) {
  await db().$transaction(async (tx) => {
    await hold?.(tx);
    const { count } = await tx.trustee.updateMany({
      where: { id: trustee.id, releasedAt: null, refusedAt: null },
      data: { releasedAt: now },
    });
    // The same trustee, finishing in two tabs at once: the other one did it.
    if (count === 0) throw new AppError("release-already");
    await recordAudit(tx, letterId, "trustee-released", { detail: trustee.description });
  });
  return db().trustee.count({ where: { letterId, releasedAt: { not: null } } });
}

/** A release that came as the letter was revealed by the others: recorded, nothing left to open. */
async function recordRelease(token: string | undefined, now: Date): Promise<FinishOutcome> {
  const { trustee, letter } = await trusteeForRelease(token);
  const released = await markReleased(letter.id, trustee, now);
  return { outcome: "released", released, threshold: letter.trusteeThreshold!, revealed: false, opened: 0 };
}

async function finishReleaseOnce(token: string | undefined, now: Date): Promise<FinishOutcome> {
  const { trustee, letter } = await trusteeForRelease(token);
  if (trustee.releasedAt && !awaitsPublication(letter.status)) {
    // Checked first: "already released" says more than "the letter is waiting".
    await assertTakesShares(letter, trustee);
    throw new AppError("release-already");
  }
  await assertTakesShares(letter, trustee);
  const waiting = await countAwaitingShareFrom(db(), letter, trustee.id);
  if (waiting > 0) throw new AppError("release-incomplete", { waiting });
  const threshold = letter.trusteeThreshold!;

  if (trustee.releasedAt) {
    const report = await revealWithShares(letter.id, now);
    if (report.opened > 0) await recordAudit(db(), letter.id, "trustee-topped-up", { detail: trustee.description });
    const released = await db().trustee.count({ where: { letterId: letter.id, releasedAt: { not: null } } });
    return { outcome: "topped-up", released, threshold, revealed: false, opened: report.opened };
  }

  const released = await markReleased(letter.id, trustee, now, (tx) => holdStatus(tx, letter));
  const report = released >= threshold ? await revealWithShares(letter.id, now) : { opened: 0, revealed: false };
  return { outcome: "released", released, threshold, revealed: report.revealed, opened: report.opened };
}
