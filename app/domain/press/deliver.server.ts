// Sending a letter to its press list: before publication, each journalist gets an
// embargoed preview link made for them alone; after it, the public page. The
// previews, the mails, the delivery records and the audit line commit together.
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { isPublished, withLetterStatus } from "~/domain/letters/lifecycle";
import { enqueueMail } from "~/mail/outbox.server";
import { pressPreviewMail, pressPublishedMail } from "~/mail/templates/press.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { pressPreviewPath, publicLetterPath } from "~/lib/public-urls";
import { checkPreviewTerms, insertPreview, previewRefusal } from "./previews.server";

export type SendInput = { contactIds: string[]; pressContactLine: string } & (
  { kind: "preview"; embargoUntil: Date; expiresInDays: number } | { kind: "published" }
);

export type DeliveryStatus = "QUEUED" | "SENT" | "FAILED";

/** The outbox's word for a message, as a delivery status. */
export function deliveryStatusOf(outboxStatus: string): DeliveryStatus {
  if (outboxStatus === "SENT") return "SENT";
  if (outboxStatus === "FAILED") return "FAILED";
  return "QUEUED"; // PENDING, SENDING (and a retry waiting)
}

const notPublished = () => new AppError("not-published");

export async function sendToPress(userId: string, letterId: string, input: SendInput, now = new Date()) {
  const letter = await letterForOrganizer(userId, letterId);
  if (input.kind === "preview") {
    const refusal = previewRefusal(letter.status);
    if (refusal) throw refusal;
    checkPreviewTerms(input, now);
  } else if (!isPublished(letter.status) || !letter.publicSlug) {
    throw notPublished();
  }
  const pressContactLine = input.pressContactLine.trim();
  if (!pressContactLine) {
    throw new AppError("contact-line");
  }
  const contactIds = [...new Set(input.contactIds)];
  if (contactIds.length === 0) throw new AppError("no-contacts");

  return db().$transaction(async (tx) => {
    // The status again, inside the transaction: publication may have landed meanwhile.
    const current = withLetterStatus(
      await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { status: true, publicSlug: true } }),
    );
    if (input.kind === "preview") {
      const refusal = previewRefusal(current.status);
      if (refusal) throw refusal;
    } else if (!isPublished(current.status) || !current.publicSlug) {
      throw notPublished();
    }
    const contacts = await tx.pressContact.findMany({
      where: { id: { in: contactIds }, letterId },
      select: { id: true, name: true, outlet: true, email: true },
    });
    if (contacts.length !== contactIds.length) {
      throw new AppError("unknown-contacts");
    }
    const common = { letterTitle: letter.title, organizationName: letter.organizationName, pressContactLine };
    for (const contact of contacts) {
      let mail;
      if (input.kind === "preview") {
        const label = `${contact.name}, ${contact.outlet}`;
        const preview = await insertPreview(
          tx,
          { letterId, createdById: userId, label, embargoUntil: input.embargoUntil, expiresInDays: input.expiresInDays },
          now,
        );
        mail = pressPreviewMail({
          ...common,
          contactName: contact.name,
          previewUrl: absoluteUrl(pressPreviewPath(preview.token)),
          embargoUntil: input.embargoUntil,
          expiresAt: preview.expiresAt,
        });
      } else {
        mail = pressPublishedMail({ ...common, contactName: contact.name, publicUrl: absoluteUrl(publicLetterPath(current.publicSlug!)) });
      }
      const outboxMessageId = await enqueueMail(tx, { to: contact.email, ...mail });
      await tx.pressDelivery.create({ data: { contactId: contact.id, kind: input.kind, outboxMessageId, createdById: userId } });
    }
    const what = input.kind === "preview" ? "Embargoed preview links" : "The public link";
    await recordAudit(tx, letterId, "press-sent", {
      actorUserId: userId,
      detail: `${what} sent to ${contacts.length === 1 ? "1 press contact" : `${contacts.length} press contacts`}`,
    });
    return { letterId, kind: input.kind, count: contacts.length };
  });
}

/**
 * Copies the outbox's status into the letter's deliveries still marked QUEUED.
 * Delivered and failed outbox rows are purged after a day; the delivery keeps
 * the last status seen, so run this (the job does) well within that day.
 */
export async function refreshDeliveryStatuses(letterId?: string) {
  const queued = await db().pressDelivery.findMany({
    where: { status: "QUEUED", ...(letterId ? { contact: { letterId } } : {}) },
    select: { id: true, outboxMessageId: true },
  });
  if (queued.length === 0) return 0;
  const outbox = await db().outboxMessage.findMany({
    where: { id: { in: queued.map((d) => d.outboxMessageId) }, status: { in: ["SENT", "FAILED"] } },
    select: { id: true, status: true },
  });
  const statusById = new Map(outbox.map((row) => [row.id, deliveryStatusOf(row.status)]));
  let changed = 0;
  for (const delivery of queued) {
    const status = statusById.get(delivery.outboxMessageId);
    if (!status) continue;
    // Guarded: only a QUEUED row moves, so concurrent refreshes agree.
    const { count } = await db().pressDelivery.updateMany({ where: { id: delivery.id, status: "QUEUED" }, data: { status } });
    changed += count;
  }
  return changed;
}
