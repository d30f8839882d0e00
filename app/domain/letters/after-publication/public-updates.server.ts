// What the public sees after publication (issue 16): the organizers' updates, newest
// first, each dated by the day only like every public date, and whether the letter
// was delivered to its addressee (by name, from the letter; never the address).
import { db } from "~/db/client.server";
import { LetterStatus } from "~/domain/letters/lifecycle";
import { absoluteUrl } from "~/lib/app-url.server";
import { startOfDayUtc } from "~/lib/dates";
import { publicLetterPath, updateAnchor } from "~/lib/public-urls";
import type { AfterPublication } from "~/publishing/snapshot.server";

export async function afterPublication(letterId: string): Promise<AfterPublication> {
  const [letter, updates] = await Promise.all([
    db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { deliveredAt: true, deliveryStatus: true } }),
    db().letterUpdate.findMany({
      where: { letterId },
      orderBy: [{ postedAt: "desc" }, { id: "asc" }],
      select: { id: true, body: true, bodyHtml: true, postedAt: true },
    }),
  ]);
  return {
    updates: updates.map((u) => ({ id: u.id, postedOn: startOfDayUtc(u.postedAt).toISOString(), body: u.body, bodyHtml: u.bodyHtml })),
    deliveredOn: letter.deliveryStatus === "SENT" && letter.deliveredAt ? startOfDayUtc(letter.deliveredAt).toISOString() : null,
  };
}

/** The newest updates of published letters, for the Atom feed. */
export async function recentUpdates(limit: number) {
  const updates = await db().letterUpdate.findMany({
    where: { letter: { status: LetterStatus.PUBLISHED, publicSlug: { not: null } } },
    orderBy: [{ postedAt: "desc" }, { id: "asc" }],
    take: limit,
    select: { id: true, body: true, postedAt: true, letter: { select: { title: true, organizationName: true, publicSlug: true } } },
  });
  return updates.map((u) => ({
    id: u.id,
    letterTitle: u.letter.title,
    organizationName: u.letter.organizationName,
    url: absoluteUrl(`${publicLetterPath(u.letter.publicSlug!)}#${updateAnchor(u.id)}`),
    postedAt: u.postedAt,
    body: u.body,
  }));
}
