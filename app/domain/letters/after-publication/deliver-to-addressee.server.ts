// Delivery to the addressee (issue 16): on publishing, or later from the updates
// page, organizers may send the letter with its PDF to the addressee's address(es),
// once, through the outbox. The addresses are kept nowhere but in the sealed
// outbox row (erased once sent); the letter keeps only that it was queued, the
// outbox's answer and its day, which the public page shows with the addressee's
// name from the letter — never an address.
import { db, type Tx } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { isPublished, LetterStatus } from "~/domain/letters/lifecycle";
import { publishedArtifact } from "~/domain/letters/published-formats.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { formatDay } from "~/lib/dates";
import { publicLetterPath } from "~/lib/public-urls";
import { enqueueMail } from "~/mail/outbox.server";
import { addresseeDeliveryMail } from "~/mail/templates/updates.server";
import type { Attachment } from "~/mail/transport.server";
import { forgetPage } from "~/publishing/page-cache.server";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";

const PDF_REF = "letter-pdf:";

/**
 * Queues the delivery in the caller's transaction, once: a guarded update on the
 * letter (PUBLISHED, not yet queued) comes first, so publishing twice or pressing
 * "Send" twice sends one mail. Throws already-delivered otherwise.
 */
export async function queueAddresseeDelivery(
  tx: Tx,
  letter: { id: string; publicSlug: string; snapshot: PublishedSnapshot },
  userId: string,
  emails: string[],
) {
  const now = new Date();
  const { count } = await tx.letter.updateMany({
    where: { id: letter.id, status: LetterStatus.PUBLISHED, deliveryQueuedAt: null },
    data: { deliveryQueuedAt: now, deliveryStatus: "QUEUED" },
  });
  if (count === 0) throw new AppError("already-delivered");
  const { snapshot } = letter;
  const mail = addresseeDeliveryMail(
    {
      title: snapshot.title,
      addressee: snapshot.addressee,
      organizationName: snapshot.organizationName,
      count: snapshot.count,
      url: absoluteUrl(publicLetterPath(letter.publicSlug)),
      publishedOn: formatDay(snapshot.publishedAt ?? now),
    },
    // The Markdown as signed: it reads as plain text, and is the text the fingerprint covers.
    `To: ${snapshot.addressee}\n\n${snapshot.title}\n\n${snapshot.body}`,
    `${PDF_REF}${letter.id}`,
  );
  const outboxId = await enqueueMail(tx, { to: emails.join(", "), ...mail });
  await tx.letter.update({ where: { id: letter.id }, data: { deliveryOutboxId: outboxId } });
  const addresses = emails.length === 1 ? "1 address" : `${emails.length} addresses`;
  await recordAudit(tx, letter.id, "delivery-queued", { actorUserId: userId, detail: addresses });
}

/** From the updates page, after publication, when it was not sent on publishing. */
export async function deliverToAddressee(userId: string, letterId: string, emails: string[]) {
  const letter = await letterForOrganizer(userId, letterId);
  if (!isPublished(letter.status) || !letter.publicSlug || !letter.publishedSnapshot) throw new AppError("updates-not-published");
  const snapshot = JSON.parse(letter.publishedSnapshot) as PublishedSnapshot;
  await db().$transaction((tx) => queueAddresseeDelivery(tx, { id: letterId, publicSlug: letter.publicSlug!, snapshot }, userId, emails));
}

/** The worker's attachment resolver: "letter-pdf:<letterId>" is that published letter's PDF. */
export async function letterAttachment(ref: string): Promise<Attachment | null> {
  if (!ref.startsWith(PDF_REF)) return null;
  const letterId = ref.slice(PDF_REF.length);
  const letter = await db().letter.findUnique({ where: { id: letterId }, select: { publicSlug: true } });
  const pdf = letter?.publicSlug ? await publishedArtifact(letterId, "pdf") : null;
  if (!pdf || !letter?.publicSlug) return null;
  return { filename: `${letter.publicSlug}.pdf`, contentType: "application/pdf", content: pdf.body };
}

/** The job: copies the outbox's answer to the letter (and the public page) before the outbox row is purged. */
export async function refreshAddresseeDeliveries() {
  const waiting = await db().letter.findMany({
    where: { deliveryStatus: "QUEUED", deliveryOutboxId: { not: null } },
    select: { id: true, deliveryOutboxId: true, publicSlug: true },
  });
  for (const letter of waiting) {
    const message = await db().outboxMessage.findUnique({
      where: { id: letter.deliveryOutboxId! },
      select: { status: true, sentAt: true },
    });
    if (!message || (message.status !== "SENT" && message.status !== "FAILED")) continue;
    const sent = message.status === "SENT";
    const changed = await db().$transaction(async (tx) => {
      const { count } = await tx.letter.updateMany({
        where: { id: letter.id, deliveryStatus: "QUEUED" },
        data: sent
          ? { deliveryStatus: "SENT", deliveredAt: message.sentAt ?? new Date(), recordChangedAt: new Date() }
          : { deliveryStatus: "FAILED" },
      });
      if (count === 1) await recordAudit(tx, letter.id, sent ? "delivered" : "delivery-failed");
      return count === 1;
    });
    if (changed && sent && letter.publicSlug) forgetPage(publicLetterPath(letter.publicSlug));
  }
  return waiting.length;
}
