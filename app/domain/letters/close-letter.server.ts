// DRAFT or OPEN → CANCELLED (by an organizer) and OPEN → EXPIRED (deadline passed below the
// threshold). Both destroy the sealed data. Guarded on status: running twice, or
// on several instances at once, closes a letter once.
import { db } from "~/db/client.server";
import { AppError, NotFoundError } from "~/errors";
import { recordAudit } from "~/domain/letters/audit.server";
import { isPastDeadline, leavingFrom, LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { noticeAndShred } from "~/domain/letters/shred.server";

export async function cancelLetter(userId: string, letterId: string) {
  await db().$transaction(async (tx) => {
    const letter = await tx.letter.findFirst({ where: { id: letterId, organizers: { some: { userId } } } });
    if (!letter) throw new NotFoundError();
    const { count } = await tx.letter.updateMany({
      where: { id: letterId, status: { in: leavingFrom(LetterStatus.CANCELLED) } },
      data: { status: LetterStatus.CANCELLED, closedAt: new Date() },
    });
    if (count === 0) throw new AppError("not-cancellable");
    await recordAudit(tx, letterId, "cancelled", { actorUserId: userId });
    await noticeAndShred(tx, letter, "cancelled");
  });
}

/** Expires this letter if its deadline has passed below the threshold; true if it did now. */
export async function expireIfDue(letterId: string, now = new Date()) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.letter.updateMany({
      where: { id: letterId, status: { in: leavingFrom(LetterStatus.EXPIRED) }, deadline: { lt: now } },
      data: { status: LetterStatus.EXPIRED, closedAt: now },
    });
    if (count === 0) return false;
    const letter = await tx.letter.findUniqueOrThrow({ where: { id: letterId } });
    await recordAudit(tx, letterId, "expired");
    await noticeAndShred(tx, letter, "expired");
    return true;
  });
}

/**
 * For pages that read a letter: expire it now if it is past its deadline, without
 * the write transaction that expireIfDue starts when nothing is due. Returns the
 * letter as it now stands.
 */
export async function expiredIfPastDeadline<T extends { id: string; status: string; deadline: Date }>(letter: T): Promise<T> {
  if (!isPastDeadline({ status: letterStatus(letter.status), deadline: letter.deadline })) return letter;
  await expireIfDue(letter.id);
  return (await db().letter.findUniqueOrThrow({ where: { id: letter.id } })) as unknown as T;
}

/** The periodic job: every open letter past its deadline. */
export async function expireDueLetters(now = new Date()) {
  const due = await db().letter.findMany({
    where: { status: { in: leavingFrom(LetterStatus.EXPIRED) }, deadline: { lt: now } },
    select: { id: true },
  });
  let expired = 0;
  for (const { id } of due) if (await expireIfDue(id, now)) expired++;
  return expired;
}
