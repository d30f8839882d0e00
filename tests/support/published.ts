// A published letter for the after-publication tests (issue 16): five signers, the
// given ones with a contact address.
import { expect } from "vitest";
import { db } from "~/db/client.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { openedLetter, signAs } from "./letters";

let signer = 0;

export async function publishedLetter(contacts: (string | null)[], { deliverTo }: { deliverTo?: string[] } = {}) {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  const names = contacts.map((contact, i) => ({ work: `after${++signer}@microsoft.com`, name: `Signer ${signer}-${i}`, contact }));
  for (const { work, name, contact } of names) await signAs(letter, work, { name, contactEmail: contact });
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("REVEALED");
  const published = await publishLetter(organizer.id, letter.id, { deliverTo });
  return { organizer, letterId: letter.id, publicSlug: published.publicSlug, signers: names };
}
