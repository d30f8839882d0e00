// A letter with trustees met its threshold (AWAITING_TRUSTEES): each trustee is told
// by mail, with a link to their page, and so are the organizers; once per letter.
// Run as a job, like the reveal notices, so the signing transaction stays short.
//
// The invitation link's token is stored only as its hash (decision 015), so it
// cannot be mailed again: each trustee gets a fresh token in the same transaction
// that replaces the hash, and the invitation's link stops working. The mail says so.
import { unsealTrusteeEmail, unwrapDataKey } from "~/crypto/sealing.server";
import { hashSecret, randomSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { LetterStatus } from "~/domain/letters/lifecycle";
import { absoluteUrl } from "~/lib/app-url.server";
import { dashboardPath } from "~/lib/organizer-paths";
import { trusteeInvitationPath } from "~/lib/public-urls";
import { enqueueMail } from "~/mail/outbox.server";
import { awaitingTrusteesMail } from "~/mail/templates/letters.server";
import { trusteesCalledMail } from "~/mail/templates/trustees.server";

/** Queues the mail for every letter that waits for its trustees and has not called them yet; how many letters. */
export async function callTrustees(now = new Date()) {
  const due = await db().letter.findMany({
    where: { status: LetterStatus.AWAITING_TRUSTEES, trusteesCalledAt: null },
    select: { id: true },
  });
  let called = 0;
  for (const { id } of due) if (await callLetterTrustees(id, now)) called += 1;
  return called;
}

async function callLetterTrustees(letterId: string, now: Date) {
  return db().$transaction(async (tx) => {
    // The claim, guarded by the state: two jobs at once call once, and a letter
    // cancelled meanwhile (its key shredded) is not called at all.
    const claimed = await tx.letter.updateMany({
      where: { id: letterId, status: LetterStatus.AWAITING_TRUSTEES, trusteesCalledAt: null },
      data: { trusteesCalledAt: now },
    });
    if (claimed.count === 0) return false;
    const letter = await tx.letter.findUniqueOrThrow({
      where: { id: letterId },
      select: { title: true, wrappedDataKey: true, trusteeThreshold: true },
    });
    // Still AWAITING_TRUSTEES (the claim says so), so the key is there; a missing one is a corrupted row.
    if (!letter.wrappedDataKey) throw new Error(`letter ${letterId} waits for trustees but has no data key`);
    const trustees = await tx.trustee.findMany({
      where: { letterId },
      orderBy: { position: "asc" },
      select: { id: true, description: true, sealedEmail: true },
    });
    const threshold = letter.trusteeThreshold ?? trustees.length;
    const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey);
    try {
      for (const trustee of trustees) {
        if (!trustee.sealedEmail) continue;
        const to = unsealTrusteeEmail(dataKey, { letterId, trusteeId: trustee.id }, trustee.sealedEmail);
        const token = randomSecret();
        await tx.trustee.update({ where: { id: trustee.id }, data: { inviteHash: hashSecret(token) } });
        const link = absoluteUrl(trusteeInvitationPath(token));
        await enqueueMail(tx, { to, ...trusteesCalledMail({ description: trustee.description, link, threshold, count: trustees.length }) });
      }
    } finally {
      dataKey.fill(0);
    }
    const organizers = await tx.letterOrganizer.findMany({ where: { letterId }, select: { user: { select: { email: true } } } });
    const dashboardLink = absoluteUrl(dashboardPath(letterId));
    for (const { user } of organizers) {
      await enqueueMail(tx, {
        to: user.email,
        ...awaitingTrusteesMail(letter.title, { threshold, count: trustees.length, dashboardLink }),
      });
    }
    return true;
  });
}
