// The cooling-off period (decision 020): between the threshold being met and the
// unsealing, organizers and signers are told, anyone may withdraw and organizers
// may cancel, so that signatures forged by someone who reads work mail cannot
// force the names out unseen. The crossing itself is the signing step's
// (signing-store/steps.ts); here are its end, its undoing by a withdrawal, and its
// notices. Each is a conditional update guarded by the status (and the count), so
// running it twice or on several instances at once does it once.
import { db, type Tx } from "~/db/client.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { coolingOffIsOver, LetterStatus, letterStatus, statusAfterCoolingOff } from "~/domain/letters/lifecycle";
import { readContactEmails } from "~/domain/letters/unseal.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { dashboardPath } from "~/lib/organizer-paths";
import { enqueueMail } from "~/mail/outbox.server";
import { coolingOffMail } from "~/mail/templates/letters.server";
import { thresholdAudit } from "./signing-store/steps";

/**
 * Ends this letter's cooling-off period if it is over and the count is still at
 * its threshold: revealed, or handed to its trustees, with the audit event and the
 * columns the crossing sets without a period. The status it moved to, or null.
 * Never before this period's notices were queued (`coolingOffNoticesAt`): with a
 * short period and a long count batch, the end could otherwise come before anyone
 * was told, which is what the period is for.
 */
export async function endCoolingOffIfDue(letterId: string, now = new Date()): Promise<LetterStatus | null> {
  return db().$transaction(async (tx) => {
    const letter = await tx.letter.findUnique({ where: { id: letterId }, select: { trusteeThreshold: true } });
    if (!letter) return null;
    const to = statusAfterCoolingOff({ hasTrustees: letter.trusteeThreshold !== null });
    const { count } = await tx.letter.updateMany({
      where: {
        id: letterId,
        status: LetterStatus.COOLING_OFF,
        coolingOffEndsAt: { lte: now },
        coolingOffNoticesAt: { not: null },
        signatureCount: { gte: tx.letter.fields.threshold },
      },
      // revealedAt is when names became readable: for a letter with trustees, their release.
      data: {
        status: to,
        coolingOffEndsAt: null,
        batchedCoolingOffEndsAt: null,
        ...(to === LetterStatus.REVEALED ? { revealedAt: now } : {}),
      },
    });
    if (count === 0) return null;
    await recordAudit(tx, letterId, thresholdAudit(to));
    return to;
  });
}

/** The periodic job: every letter whose cooling-off period is over. How many moved on. */
export async function endDueCoolingOffs(now = new Date()) {
  const due = await db().letter.findMany({
    where: { status: LetterStatus.COOLING_OFF, coolingOffEndsAt: { lte: now }, coolingOffNoticesAt: { not: null } },
    select: { id: true },
  });
  let ended = 0;
  for (const { id } of due) if (await endCoolingOffIfDue(id, now)) ended++;
  return ended;
}

/**
 * For pages that read a letter: ends its period now if it is over, without the
 * write transaction when nothing is due. The letter as it now stands.
 */
export async function settledCoolingOff<
  T extends { id: string; status: string; coolingOffEndsAt: Date | null; coolingOffNoticesAt: Date | null },
>(letter: T, now = new Date()): Promise<T> {
  if (!coolingOffIsOver({ ...letter, status: letterStatus(letter.status) }, now)) return letter;
  await endCoolingOffIfDue(letter.id, now);
  return (await db().letter.findUniqueOrThrow({ where: { id: letter.id } })) as unknown as T;
}

/**
 * In a withdrawal's transaction, after its count went down (the letter's row is
 * locked by then): a letter cooling off that is now below its threshold goes back
 * to OPEN, its period undone. True if it did.
 */
export async function undoCoolingOffIfBelow(tx: Tx, letterId: string) {
  const { count } = await tx.letter.updateMany({
    where: { id: letterId, status: LetterStatus.COOLING_OFF, signatureCount: { lt: tx.letter.fields.threshold } },
    // The notices column is cleared so a new period tells the organizers again.
    data: { status: LetterStatus.OPEN, coolingOffEndsAt: null, coolingOffNoticesAt: null },
  });
  if (count === 0) return false;
  await recordAudit(tx, letterId, "cooling-off-undone");
  return true;
}

/**
 * The notices of a period, once per period (`coolingOffNoticesAt`): the organizers
 * every time, signers who left a contact address (decoy receipts' too, decision
 * 010) only for the letter's first period (`coolingOffSignersToldAt`). Sent only
 * once the count batch shows the period (`batchedCoolingOffEndsAt` is this
 * period's end), so a mail tells the crossing no sooner than the pages do.
 */
export async function sendCoolingOffNotices(now = new Date()) {
  const due = await db().letter.findMany({
    where: { status: LetterStatus.COOLING_OFF, coolingOffNoticesAt: null, batchedCoolingOffEndsAt: { not: null } },
    select: {
      id: true,
      title: true,
      threshold: true,
      trusteeThreshold: true,
      coolingOffEndsAt: true,
      batchedCoolingOffEndsAt: true,
      coolingOffSignersToldAt: true,
    },
  });
  let sent = 0;
  for (const letter of due) {
    const endsAt = letter.coolingOffEndsAt;
    if (!endsAt || letter.batchedCoolingOffEndsAt?.getTime() !== endsAt.getTime()) continue;
    // Unsealed before the write transaction (as the reveal notices do), and only the first time.
    const contacts = letter.coolingOffSignersToldAt ? [] : await readContactEmails(db(), letter.id);
    const queued = await db().$transaction(async (tx) => {
      const claimed = await tx.letter.updateMany({
        where: { id: letter.id, status: LetterStatus.COOLING_OFF, coolingOffNoticesAt: null, coolingOffEndsAt: endsAt },
        data: { coolingOffNoticesAt: now },
      });
      if (claimed.count === 0) return false;
      const facts = { endsAt, threshold: letter.threshold, withTrustees: letter.trusteeThreshold !== null };
      const organizers = await tx.letterOrganizer.findMany({
        where: { letterId: letter.id },
        select: { user: { select: { email: true } } },
      });
      for (const { user } of organizers) {
        await enqueueMail(tx, {
          to: user.email,
          ...coolingOffMail(letter.title, { ...facts, dashboardLink: absoluteUrl(dashboardPath(letter.id)) }),
        });
      }
      const signers = await tx.letter.updateMany({
        where: { id: letter.id, coolingOffSignersToldAt: null },
        data: { coolingOffSignersToldAt: now },
      });
      if (signers.count === 1) {
        for (const to of new Set(contacts))
          await enqueueMail(tx, { to, ...coolingOffMail(letter.title, { ...facts, dashboardLink: null }) });
      }
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}
