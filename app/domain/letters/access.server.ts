// Organizer access to a letter. Someone who is not an organizer gets 404, not
// 403: they learn nothing, not even that the letter exists.
import { db } from "~/db/client.server";
import { NotFoundError } from "~/errors";
import { withLetterStatus } from "~/domain/letters/lifecycle";

export async function letterForOrganizer(userId: string, letterId: string) {
  const letter = await db().letter.findFirst({ where: { id: letterId, organizers: { some: { userId } } } });
  if (!letter) throw new NotFoundError();
  return withLetterStatus(letter);
}
