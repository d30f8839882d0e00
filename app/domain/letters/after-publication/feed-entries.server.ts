// The Atom feed's entries: published letters and the organizers' updates on them,
// newest first (by day, like every public date; on the same day an update comes
// before its letter's publication, which it follows).
import { plainTextExcerpt, recentlyPublishedLetters } from "~/domain/letters/publish-letter.server";
import { startOfDayUtc } from "~/lib/dates";
import type { FeedEntry } from "~/publishing/feed.server";
import { recentUpdates } from "./public-updates.server";

export async function feedEntries(limit: number): Promise<FeedEntry[]> {
  const [letters, updates] = await Promise.all([recentlyPublishedLetters(limit), recentUpdates(limit)]);
  const entries: (FeedEntry & { order: number })[] = [
    ...updates.map((u) => ({
      entryId: u.url,
      url: u.url,
      title: `Update on “${u.letterTitle}”`,
      organizationName: u.organizationName,
      summary: plainTextExcerpt(u.body, 200),
      publishedAt: startOfDayUtc(u.postedAt),
      order: 0,
    })),
    ...letters.map((l) => ({ ...l, publishedAt: l.publishedAt, order: 1 })),
  ];
  entries.sort((a, b) => startOfDayUtc(b.publishedAt).getTime() - startOfDayUtc(a.publishedAt).getTime() || a.order - b.order);
  return entries.slice(0, limit).map(({ order: _order, ...entry }) => entry);
}
