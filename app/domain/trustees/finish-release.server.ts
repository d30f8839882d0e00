// A trustee says "done" once their browser has sent every share (issue 15). The
// first time, their release is recorded (once, guarded) with its audit event, and
// if k trustees have now released, the letter is revealed. A second time is
// refused ("already released"), changing nothing, unless the letter is revealed
// and signatures made since still wait: then it is a top-up, and what the shares
// now open is opened.
import { db } from "~/db/client.server";
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
    if (error instanceof AppError && error.code === "release-status-changed") return finishReleaseOnce(token, now);
    throw error;
  }
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

  await db().$transaction(async (tx) => {
    await holdStatus(tx, letter);
    const { count } = await tx.trustee.updateMany({
      where: { id: trustee.id, releasedAt: null, refusedAt: null },
      data: { releasedAt: now },
    });
    // The same trustee, finishing in two tabs at once: the other one did it.
    if (count === 0) throw new AppError("release-already");
    await recordAudit(tx, letter.id, "trustee-released", { detail: trustee.description });
  });
  const released = await db().trustee.count({ where: { letterId: letter.id, releasedAt: { not: null } } });
  const report = released >= threshold ? await revealWithShares(letter.id, now) : { opened: 0, revealed: false };
  return { outcome: "released", released, threshold, revealed: report.revealed, opened: report.opened };
}
