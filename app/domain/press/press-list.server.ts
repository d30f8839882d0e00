// A letter's press list: the journalists its organizers mean to send it to.
// Addresses are the journalists' own (press addresses), never signers'.
import { db } from "~/db/client.server";
import { AppError, NotFoundError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { namesVisible } from "~/domain/letters/lifecycle";
import { isUniqueViolation } from "~/db/errors.server";

export type ContactInput = { name: string; outlet: string; email: string };

const notFound = () => new NotFoundError();

export async function addPressContact(userId: string, letterId: string, input: ContactInput) {
  const letter = await letterForOrganizer(userId, letterId);
  // The press list grows past the reveal, when there is something to send.
  if (!namesVisible(letter.status)) {
    throw new AppError("press-list-not-ready");
  }
  const contact = { name: input.name.trim(), outlet: input.outlet.trim(), email: input.email.trim().toLowerCase() };
  const duplicate = () => new AppError("duplicate-contact");
  if (await db().pressContact.findUnique({ where: { letterId_email: { letterId, email: contact.email } }, select: { id: true } })) {
    throw duplicate();
  }
  try {
    return await db().pressContact.create({ data: { letterId, ...contact }, select: { id: true } });
  } catch (error) {
    // Two organizers adding the same address at once: the unique index decides.
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

/** Takes a contact off the list, with the record of what was sent to them. */
export async function removePressContact(userId: string, contactId: string) {
  const contact = await db().pressContact.findFirst({
    where: { id: contactId, letter: { organizers: { some: { userId } } } },
    select: { id: true, letterId: true },
  });
  if (!contact) throw notFound();
  await db().pressContact.deleteMany({ where: { id: contact.id } });
  return { letterId: contact.letterId };
}

/** The press list, by name, each contact with what was sent to them (newest first). */
export async function listPressContacts(userId: string, letterId: string) {
  await letterForOrganizer(userId, letterId);
  return db().pressContact.findMany({
    where: { letterId },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      name: true,
      outlet: true,
      email: true,
      deliveries: { orderBy: { createdAt: "desc" }, select: { id: true, kind: true, status: true, createdAt: true } },
    },
  });
}
