// The organizer's press page: previews, press list, and what was sent to whom,
// with delivery statuses brought up to date from the outbox first.
import { letterForOrganizer } from "~/domain/letters/access.server";
import { refreshDeliveryStatuses } from "./deliver.server";
import { listPressContacts } from "./press-list.server";
import { listPreviews } from "./previews.server";

export async function viewPress(userId: string, letterId: string, now = new Date()) {
  const letter = await letterForOrganizer(userId, letterId);
  await refreshDeliveryStatuses(letterId);
  return {
    letter: { id: letter.id, title: letter.title, status: letter.status, publicSlug: letter.publicSlug },
    previews: await listPreviews(userId, letterId, now),
    contacts: await listPressContacts(userId, letterId),
  };
}
