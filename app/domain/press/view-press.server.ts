// The organizer's press page: previews, press list, and what was sent to whom,
// with delivery statuses brought up to date from the outbox first.
import { letterForOrganizer } from "~/domain/letters/access.server";
import { isPublished } from "~/domain/letters/lifecycle";
import { absoluteUrl } from "~/lib/app-url.server";
import { publicLetterPath } from "~/lib/public-urls";
import { refreshDeliveryStatuses } from "./deliver.server";
import { listPressContacts } from "./press-list.server";
import { listPreviews } from "./previews.server";

export async function viewPress(userId: string, letterId: string, now = new Date()) {
  const letter = await letterForOrganizer(userId, letterId);
  await refreshDeliveryStatuses(letterId);
  return {
    letter: {
      id: letter.id,
      title: letter.title,
      status: letter.status,
      publicSlug: letter.publicSlug,
      // Once published, the page links to the public page (and sends it to the press).
      publicUrl: isPublished(letter.status) && letter.publicSlug ? absoluteUrl(publicLetterPath(letter.publicSlug)) : null,
    },
    previews: await listPreviews(userId, letterId, now),
    contacts: await listPressContacts(userId, letterId),
  };
}
