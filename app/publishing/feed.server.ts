// /letters.atom: the most recently published letters and the organizers' updates on
// them (decision 017), newest first, as an Atom feed (RFC 4287).
// Dates carry the day only, like every public date of a letter.
import { absoluteUrl } from "~/lib/app-url.server";
import { startOfDayUtc } from "~/lib/dates";
import { FEED_PATH } from "~/lib/public-urls";
import { PUBLIC_MAX_AGE_SECONDS, conditionalResponse, etagFor } from "~/publishing/http-cache.server";

/** How many letters the feed lists. */
export const FEED_SIZE = 50;

/** A published letter, or an organizers' update on one (then `entryId` is the update's own, distinct from the letter's URL). */
export type FeedEntry = { entryId?: string; url: string; title: string; organizationName: string; summary: string; publishedAt: Date };

/** Text safe inside XML content and attribute values; characters XML 1.0 forbids are dropped. */
function xmlEscape(text: string) {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

const day = (date: Date) => startOfDayUtc(date).toISOString().replace(".000Z", "Z");

/** The feed of `letters` (newest first), with caching, or a 304 when the client's copy is current. */
export function feedResponse(request: Request, letters: FeedEntry[]): Response {
  const updated = letters[0]?.publishedAt ?? new Date(0);
  const entries = letters.map(
    (letter) => `  <entry>
    <id>${xmlEscape(letter.entryId ?? letter.url)}</id>
    <title type="text">${xmlEscape(letter.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlEscape(letter.url)}"/>
    <published>${day(letter.publishedAt)}</published>
    <updated>${day(letter.publishedAt)}</updated>
    <author><name>${xmlEscape(`Employees of ${letter.organizationName}`)}</name></author>
    <summary type="text">${xmlEscape(letter.summary)}</summary>
  </entry>`,
  );
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xmlEscape(absoluteUrl(FEED_PATH))}</id>
  <title type="text">Undersigned — published letters</title>
  <subtitle type="text">Open letters from employees, published once enough colleagues signed.</subtitle>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(absoluteUrl(FEED_PATH))}"/>
  <link rel="alternate" type="text/html" href="${xmlEscape(absoluteUrl("/"))}"/>
  <updated>${day(updated)}</updated>
  <author><name>Undersigned</name></author>
${entries.join("\n")}
</feed>
`;
  return conditionalResponse(request, {
    body,
    contentType: "application/atom+xml; charset=utf-8",
    etag: etagFor(body),
    lastModified: updated,
    maxAgeSeconds: PUBLIC_MAX_AGE_SECONDS,
  });
}
