// The rendered-page cache for published letters (app/publishing/page-cache.server.ts):
// served before Remix, so it must never hold or hand out anything personal.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { clearPageCache, isCacheablePage, rememberPage, servePageFromCache } from "~/publishing/page-cache.server";

const PAGE = "/letters/cancel-the-contract";
const BODY = Buffer.from("<!DOCTYPE html><html><body><h1>Cancel the contract</h1></body></html>");
const publicHeaders = () =>
  new Headers({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "public, max-age=300, stale-while-revalidate=300",
    ETag: '"abc123"',
    "Last-Modified": "Sat, 28 Nov 2026 00:00:00 GMT",
    Vary: "Cookie",
  });

let server: http.Server;
let base = "";
let fellThrough = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (servePageFromCache(req, res)) return;
    fellThrough++;
    res.writeHead(200, { "content-type": "text/plain" }).end("rendered by Remix");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  clearPageCache();
  fellThrough = 0;
});

test("only a public, script-free 200 for a reader without a session may be kept", () => {
  const anonymous = new Request(`http://app.test${PAGE}`);
  expect(isCacheablePage(anonymous, 200, publicHeaders(), false)).toBe(true);
  // A page with scripts carries a per-request nonce.
  expect(isCacheablePage(anonymous, 200, publicHeaders(), true)).toBe(false);
  // A signed-in organizer's header shows their name.
  const signedIn = new Request(`http://app.test${PAGE}`, { headers: { Cookie: "session=abc.def" } });
  expect(isCacheablePage(signedIn, 200, publicHeaders(), false)).toBe(false);
  const privateHeaders = publicHeaders();
  privateHeaders.set("Cache-Control", "private, max-age=300");
  expect(isCacheablePage(anonymous, 200, privateHeaders, false)).toBe(false);
  expect(isCacheablePage(anonymous, 404, publicHeaders(), false)).toBe(false);
  expect(isCacheablePage(new Request(`http://app.test${PAGE}?x=1`), 200, publicHeaders(), false)).toBe(false);
});

test("a kept page is served as it was, gzipped when asked, 304 when current; anything else goes on to Remix", async () => {
  expect(await (await fetch(`${base}${PAGE}`)).text()).toBe("rendered by Remix");
  rememberPage(PAGE, publicHeaders(), BODY);

  const plain = await fetch(`${base}${PAGE}`, { headers: { "Accept-Encoding": "identity" } });
  expect(plain.status).toBe(200);
  expect(Buffer.from(await plain.arrayBuffer())).toEqual(BODY);
  expect(plain.headers.get("etag")).toBe('"abc123"');
  expect(plain.headers.get("cache-control")).toMatch(/^public/);
  expect(plain.headers.get("vary")).toBe("Cookie, Accept-Encoding");

  const zipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
    http
      .get(`${base}${PAGE}`, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
  expect(zipped.encoding).toBe("gzip");
  expect(gunzipSync(zipped.body)).toEqual(BODY);

  const current = await fetch(`${base}${PAGE}`, { headers: { "If-None-Match": '"abc123"' } });
  expect(current.status).toBe(304);
  expect(await current.text()).toBe("");

  // A signed-in organizer, a query string, another path or method: not from the cache.
  expect(await (await fetch(`${base}${PAGE}`, { headers: { Cookie: "session=abc.def" } })).text()).toBe("rendered by Remix");
  expect(await (await fetch(`${base}${PAGE}?utm=press`)).text()).toBe("rendered by Remix");
  expect(await (await fetch(`${base}/letters/another`)).text()).toBe("rendered by Remix");
  expect(await (await fetch(`${base}${PAGE}`, { method: "POST" })).text()).toBe("rendered by Remix");
  expect(fellThrough).toBe(5);
});
