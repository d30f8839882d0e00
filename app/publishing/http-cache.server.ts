// HTTP caching for public, published records (pages, formats, the feed). Published
// records never change, so caches and conditional requests can answer most reads.
//
// Privacy: Last-Modified carries the DAY only. A finer time would tell readers when,
// to the second, an organizer pressed Publish (or, for derived records, when the
// last signature arrived); the day is what the letter itself shows.
import { createHash } from "node:crypto";
import { type HeaderSource, readCookie } from "~/auth/cookies.server";
import { SESSION_COOKIE } from "~/auth/current-user.server";
import { startOfDayUtc } from "~/lib/dates";

/** How long browsers and caches may keep a public record (page, format, feed) before revalidating (then: a 304). */
export const PUBLIC_MAX_AGE_SECONDS = 300;

/**
 * How long a shared cache (nginx's proxy_cache in deploy/, a CDN) may keep a public
 * record before revalidating, sent as `s-maxage`. A published record still changes
 * when organizers post an update or it is delivered (decision 017): readers behind
 * the proxy see that within this plus the web processes' own page cache (KEEP_MS,
 * a minute), whichever instance took the update. Browsers keep theirs for
 * PUBLIC_MAX_AGE_SECONDS: a reader reloading sees their own copy, not a stale proxy.
 */
export const SHARED_MAX_AGE_SECONDS = 30;

/** The headers a published page passes on, on its 200 and its 304 alike. */
const CACHING_HEADERS = ["Cache-Control", "ETag", "Last-Modified", "Vary"];

export type ConditionalResponseOptions = {
  body: string | Uint8Array;
  contentType: string;
  /** An opaque validator; quoted here when given unquoted. Always sent as a strong ETag. */
  etag: string;
  /** Truncated to the start of its UTC day before use. */
  lastModified: Date;
  maxAgeSeconds: number;
  /** Defaults to maxAgeSeconds. */
  staleWhileRevalidateSeconds?: number;
  /** "private" for a response that shows who is asking (e.g. a signed-in header): no shared cache may keep it. Default "public". */
  visibility?: "public" | "private";
  /** e.g. Content-Disposition; sent on 200 and 304 alike. */
  extraHeaders?: HeadersInit;
};

/** `"value"`, unless already quoted (a leading W/ is dropped: ours are strong). */
export function strongEtag(etag: string): string {
  const bare = etag.replace(/^W\//, "");
  return /^".*"$/.test(bare) ? bare : `"${bare.replace(/"/g, "")}"`;
}

/** The caching headers for a public record (ETag, day-granular Last-Modified, Cache-Control). */
export function cacheHeaders({
  etag,
  lastModified,
  maxAgeSeconds,
  staleWhileRevalidateSeconds = maxAgeSeconds,
  visibility = "public",
  extraHeaders,
}: Pick<
  ConditionalResponseOptions,
  "etag" | "lastModified" | "maxAgeSeconds" | "staleWhileRevalidateSeconds" | "visibility" | "extraHeaders"
>): Headers {
  const headers = new Headers(extraHeaders);
  headers.set("ETag", strongEtag(etag));
  headers.set("Last-Modified", startOfDayUtc(lastModified).toUTCString());
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  const shared = visibility === "public" ? `, s-maxage=${Math.min(maxAge, SHARED_MAX_AGE_SECONDS)}` : "";
  headers.set(
    "Cache-Control",
    `${visibility}, max-age=${maxAge}${shared}, stale-while-revalidate=${Math.max(0, Math.floor(staleWhileRevalidateSeconds))}`,
  );
  return headers;
}

/**
 * Whether the request's validators show the client already holds this version
 * (RFC 9110 §13.1): If-None-Match decides when present (weak comparison, `*` or a
 * list); otherwise If-Modified-Since, against the day-truncated Last-Modified.
 * Only GET and HEAD are ever answered 304.
 */
export function isNotModified(request: HeaderSource & { method: string }, etag: string, lastModified: Date): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch !== null) {
    const ours = strongEtag(etag);
    return ifNoneMatch
      .split(",")
      .map((tag) => tag.trim().replace(/^W\//, ""))
      .some((tag) => tag === "*" || tag === ours);
  }
  const ifModifiedSince = request.headers.get("If-Modified-Since");
  if (ifModifiedSince !== null) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && since >= startOfDayUtc(lastModified).getTime();
  }
  return false;
}

/** A cacheable response for a public record, or a bodiless 304 when the client's copy is current. */
export function conditionalResponse(request: Request, options: ConditionalResponseOptions): Response {
  const headers = cacheHeaders(options);
  if (isNotModified(request, options.etag, options.lastModified)) {
    headers.delete("Content-Length");
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", options.contentType);
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  const body: BodyInit = typeof options.body === "string" ? options.body : new Uint8Array(options.body);
  return new Response(body, { status: 200, headers });
}

/** A strong validator from the parts a response depends on: SHA-256, hex, shortened. */
export function etagFor(...parts: string[]): string {
  return `"${createHash("sha256").update(parts.join("\u0000"), "utf8").digest("hex").slice(0, 32)}"`;
}

/**
 * The caching of a published letter's page. The record changes only by an update or
 * the delivery (recordChangedAt); the page also
 * depends on the stylesheet (a new build must not be answered 304 with HTML pointing
 * at old assets) and on whether the header shows a signed-in organizer, which no
 * shared cache may keep. `notModified`: the client's copy is current (answer 304).
 */
export function publishedPageCaching(
  request: Request,
  page: { id: string; publishedAt: Date; recordChangedAt?: Date | null },
  stylesheetUrl: string,
) {
  const visibility = readCookie(request, SESSION_COOKIE) ? "private" : "public";
  // An update or the delivery changes the page after publication (decision 017).
  const changedAt = page.recordChangedAt && page.recordChangedAt > page.publishedAt ? page.recordChangedAt : page.publishedAt;
  const etag = etagFor(page.id, page.publishedAt.toISOString(), changedAt.toISOString(), visibility, stylesheetUrl);
  const headers = cacheHeaders({
    etag,
    lastModified: changedAt,
    // A signed-in reader is most often an organizer who just posted an update or sent
    // the delivery: their browser revalidates every view (a 304 while nothing changed)
    // rather than showing its copy from before for up to five minutes.
    maxAgeSeconds: visibility === "private" ? 0 : PUBLIC_MAX_AGE_SECONDS,
    visibility,
    extraHeaders: { Vary: "Cookie" },
  });
  return { headers, notModified: isNotModified(request, etag, changedAt) };
}

/** Only the caching headers of `source` (a page's loader headers, or its thrown 304's). */
export function cachingHeadersOf(source: Headers): Headers {
  const headers = new Headers();
  for (const name of CACHING_HEADERS) {
    const value = source.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}
