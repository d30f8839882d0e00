// The job that mails each update posted within the caps (post-update.server.ts)
// to the signers who left a contact address and did not unsubscribe, once. Every
// mail carries its own one-click unsubscribe link (RFC 8058); only the SHA-256 of
// the link's secret is stored. Signers with no contact address get nothing: they
// are never in the list (readContactRecipients reads only rows that have one).
import { randomSecret, hashSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { LetterStatus } from "~/domain/letters/lifecycle";
import { readContactRecipients, type ContactRecipient } from "~/domain/letters/unseal.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { formatDay } from "~/lib/dates";
import { publicLetterPath, unsubscribePath, updateAnchor } from "~/lib/public-urls";
import { enqueueMail } from "~/mail/outbox.server";
import { letterUpdateMail } from "~/mail/templates/updates.server";

/** One mail per address: a signer whose duplicate left the same address (decision 010) hears each update once. */
function byAddress(recipients: ContactRecipient[]) {
  const groups = new Map<string, { email: string; recipientIds: string[] }>();
  for (const { recipientId, email } of recipients) {
    const key = email.toLowerCase();
    const group = groups.get(key) ?? { email, recipientIds: [] };
    group.recipientIds.push(recipientId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export async function sendUpdateMail() {
  const due = await db().letterUpdate.findMany({
    where: { mailed: true, mailQueuedAt: null, letter: { status: LetterStatus.PUBLISHED } },
    orderBy: { postedAt: "asc" },
    select: { id: true, letterId: true, body: true, postedAt: true, letter: { select: { title: true, publicSlug: true } } },
  });
  for (const update of due) {
    await db().$transaction(async (tx) => {
      const claimed = await tx.letterUpdate.updateMany({
        where: { id: update.id, mailQueuedAt: null },
        data: { mailQueuedAt: new Date() },
      });
      if (claimed.count === 0) return;
      // Read inside the transaction: an address erased by an unsubscribe that
      // committed first is not mailed.
      const recipients = byAddress(await readContactRecipients(tx, update.letterId));
      const letter = {
        title: update.letter.title,
        url: absoluteUrl(`${publicLetterPath(update.letter.publicSlug!)}#${updateAnchor(update.id)}`),
      };
      const postedOn = formatDay(update.postedAt);
      for (const { email, recipientIds } of recipients) {
        const token = randomSecret();
        const tokenHash = hashSecret(token);
        for (const recipientId of recipientIds) {
          await tx.unsubscribeLink.create({ data: { tokenHash, letterId: update.letterId, recipientId }, select: { id: true } });
        }
        await enqueueMail(tx, {
          to: email,
          ...letterUpdateMail(letter, { body: update.body, postedOn }, absoluteUrl(unsubscribePath(token))),
        });
      }
    });
  }
  return due.length;
}
