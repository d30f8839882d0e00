// Once a letter is revealed, its organizers and the signers who left a contact
// address are told, once. Run as a job so the signing transaction stays short.
import { db } from "~/db/client.server";
import { enqueueMail } from "~/mail/outbox.server";
import { revealedMail } from "~/mail/templates/letters.server";
import { LetterStatus } from "~/domain/letters/lifecycle";
import { readContactEmails } from "~/domain/letters/unseal.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { dashboardPath } from "~/lib/organizer-paths";

export async function sendRevealNotices() {
  const due = await db().letter.findMany({
    where: { status: LetterStatus.REVEALED, revealNoticesAt: null },
    select: { id: true, title: true, trusteeThreshold: true },
  });
  for (const letter of due) {
    // Unsealed before the write transaction: with 100,000 signatures this takes a
    // while, and signers must not wait behind it for the write lock.
    const contacts = await readContactEmails(db(), letter.id);
    await db().$transaction(async (tx) => {
      const claimed = await tx.letter.updateMany({
        where: { id: letter.id, revealNoticesAt: null },
        data: { revealNoticesAt: new Date() },
      });
      if (claimed.count === 0) return;
      const organizers = await tx.letterOrganizer.findMany({
        where: { letterId: letter.id },
        select: { user: { select: { email: true } } },
      });
      for (const { user } of organizers) {
        await enqueueMail(tx, {
          to: user.email,
          ...revealedMail(letter.title, absoluteUrl(dashboardPath(letter.id)), letter.trusteeThreshold !== null),
        });
      }
      for (const to of contacts) {
        await enqueueMail(tx, { to, ...revealedMail(letter.title, null, letter.trusteeThreshold !== null) });
      }
    });
  }
  return due.length;
}
