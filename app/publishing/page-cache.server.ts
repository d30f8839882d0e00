// Press day: thousands of readers open the same published letter at once. Its page
// is the same for every reader who is not signed in (no scripts, no nonce, no
// session), and a published record changes only when organizers post an update
// or the letter is delivered to its addressee (decision 017), so the rendered
// bytes are kept in memory and served without running Remix again — gzipped once,
// up front, rather than once per reader. Signed-in organizers (a private header)
// still get a fresh render. The cache lives and dies with the process: a new build
// starts empty. The process that records an update forgets the page at once
// (forgetPage); other web processes keep a page at most KEEP_MS.
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { type HeaderSource, readCookie } from "~/auth/cookies.server";
import { SESSION_COOKIE } from "~/auth/current-user.server";
import { isNotModified } from "./http-cache.server";

type CachedPage = { headers: Record<string, string>; body: Buffer; gzip: Buffer; etag: string; lastModified: Date; keptAt: number };

/** How long another web process may serve a page from before an update (one minute of staleness, once per minute a render). */
const KEEP_MS = 60_000;

/** Enough for dozens of letters with 10,000 names each; the least recently read go first. */
const MAX_BYTES = 64 * 2 ** 20;
const KEPT_HEADERS = ["content-type", "cache-control", "etag", "last-modified", "vary"];
const pages = new Map<string, CachedPage>();
let totalBytes = 0;

const sizeOf = (page: CachedPage) => page.body.length + page.gzip.length;

/**
 * Whether a rendered response may be kept: a 200 for a route that renders no
 * scripts (handle.hydrate === false, so no per-request nonce is in the HTML),
 * marked public by its loader (which it is only for readers without a session).
 */
export function isCacheablePage(request: Request, status: number, headers: Headers, hydrates: boolean) {
  return (
    request.method === "GET" &&
    status === 200 &&
    !hydrates &&
    new URL(request.url).search === "" &&
    (headers.get("Cache-Control") ?? "").startsWith("public") &&
    headers.has("ETag") &&
    readCookie(request, SESSION_COOKIE) === null
  );
}

export function rememberPage(path: string, headers: Headers, body: Buffer) {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value) kept[name] = value;
  }
  kept.vary = kept.vary ? `${kept.vary}, Accept-Encoding` : "Accept-Encoding";
  const page: CachedPage = {
    headers: kept,
    body,
    gzip: gzipSync(body),
    etag: kept.etag!,
    lastModified: new Date(kept["last-modified"]!),
    keptAt: Date.now(),
  };
  if (sizeOf(page) > MAX_BYTES / 4) return;
  forget(path);
  pages.set(path, page);
  totalBytes += sizeOf(page);
  for (const [oldest, cached] of pages) {
    if (totalBytes <= MAX_BYTES) break;
    pages.delete(oldest);
    totalBytes -= sizeOf(cached);
  }
}

/** Drops the kept page at `path` (its record changed), so the next reader gets a fresh render. */
export function forgetPage(path: string) {
  forget(path);
}

function forget(path: string) {
  const old = pages.get(path);
  if (!old) return;
  pages.delete(path);
  totalBytes -= sizeOf(old);
}

function headerSource(req: IncomingMessage): HeaderSource & { method: string } {
  return {
    method: req.method ?? "GET",
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(", ") : (value ?? null);
      },
    },
  };
}

/**
 * Answers from the cache when it can (true), before Express hands the request to
 * Remix; otherwise leaves it alone (false). Security headers are already set.
 */
export function servePageFromCache(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const url = req.url ?? "";
  if (url.includes("?")) return false;
  const page = pages.get(url);
  if (!page) return false;
  if (Date.now() - page.keptAt > KEEP_MS) {
    forget(url);
    return false;
  }
  const request = headerSource(req);
  if (readCookie(request, SESSION_COOKIE) !== null) return false;
  // Recently read: move to the back of the eviction order.
  pages.delete(url);
  pages.set(url, page);

  if (isNotModified(request, page.etag, page.lastModified)) {
    const { "content-type": _type, ...validators } = page.headers;
    res.writeHead(304, validators);
    res.end();
    return true;
  }
  const gzip = /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
  const body = gzip ? page.gzip : page.body;
  res.writeHead(200, { ...page.headers, ...(gzip ? { "content-encoding": "gzip" } : {}), "content-length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

/** For tests: start empty. */
export function clearPageCache() {
  pages.clear();
  totalBytes = 0;
}
