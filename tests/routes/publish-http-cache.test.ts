// conditionalResponse: the caching rules every public record shares (pages, the
// formats, the feed). Validators, day-granular Last-Modified, and 304s.
import { describe, expect, test } from "vitest";
import { startOfDayUtc } from "~/lib/dates";
import { cookieName } from "~/auth/cookies.server";
import { SESSION_COOKIE } from "~/auth/current-user.server";
import { conditionalResponse, etagFor, publishedPageCaching } from "~/publishing/http-cache.server";

const PUBLISHED = new Date("2026-03-12T14:37:21.123Z");
const options = { body: "hello", contentType: "text/plain; charset=utf-8", etag: "abc123", lastModified: PUBLISHED, maxAgeSeconds: 300 };
const request = (headers: Record<string, string> = {}, method = "GET") => new Request("http://localhost/x", { method, headers });

describe("conditionalResponse", () => {
  test("a 200 with the body, a strong quoted ETag, a day-only Last-Modified and public caching", async () => {
    const response = conditionalResponse(request(), options);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello");
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("ETag")).toBe('"abc123"');
    expect(response.headers.get("Last-Modified")).toBe("Thu, 12 Mar 2026 00:00:00 GMT");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300, s-maxage=30, stale-while-revalidate=300");
  });

  test("keeps an already quoted ETag, drops a weak prefix, and passes extra headers on", () => {
    const response = conditionalResponse(request(), {
      ...options,
      etag: 'W/"v1"',
      staleWhileRevalidateSeconds: 86_400,
      extraHeaders: { "Content-Disposition": 'attachment; filename="x.csv"' },
    });
    expect(response.headers.get("ETag")).toBe('"v1"');
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300, s-maxage=30, stale-while-revalidate=86400");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="x.csv"');
  });

  test("bytes are sent as they are", async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const response = conditionalResponse(request(), { ...options, body: bytes, contentType: "application/pdf" });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  test("304, no body, same validators, when If-None-Match matches (also in a list, weak, or *)", async () => {
    for (const value of ['"abc123"', 'W/"abc123"', '"zzz", "abc123"', "*"]) {
      const response = conditionalResponse(request({ "If-None-Match": value }), options);
      expect(response.status, value).toBe(304);
      expect(await response.text()).toBe("");
      expect(response.headers.get("ETag")).toBe('"abc123"');
      expect(response.headers.get("Last-Modified")).toBe("Thu, 12 Mar 2026 00:00:00 GMT");
      expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=300/);
    }
    expect(conditionalResponse(request({ "If-None-Match": '"other"' }), options).status).toBe(200);
  });

  test("If-Modified-Since counts from the start of the day, and only when there is no If-None-Match", () => {
    const at = (value: string, extra: Record<string, string> = {}) =>
      conditionalResponse(request({ "If-Modified-Since": value, ...extra }), options).status;
    expect(at("Thu, 12 Mar 2026 00:00:00 GMT")).toBe(304);
    expect(at("Fri, 13 Mar 2026 09:00:00 GMT")).toBe(304);
    expect(at("Wed, 11 Mar 2026 23:59:59 GMT")).toBe(200);
    expect(at("not a date")).toBe(200);
    expect(at("Fri, 13 Mar 2026 09:00:00 GMT", { "If-None-Match": '"other"' })).toBe(200);
  });

  test("Last-Modified never carries a time of day", () => {
    for (const when of ["2026-01-01T00:00:00.001Z", "2026-07-31T23:59:59.999Z", "2026-11-28T12:00:00Z"]) {
      const header = conditionalResponse(request(), { ...options, lastModified: new Date(when) }).headers.get("Last-Modified")!;
      expect(header).toMatch(/ 00:00:00 GMT$/);
      expect(new Date(header).toISOString().slice(0, 10)).toBe(when.slice(0, 10));
    }
    expect(startOfDayUtc(PUBLISHED).toISOString()).toBe("2026-03-12T00:00:00.000Z");
  });

  test("HEAD gets the headers without a body; other methods are never 304", async () => {
    const head = conditionalResponse(request({}, "HEAD"), options);
    expect(head.status).toBe(200);
    expect(head.headers.get("ETag")).toBe('"abc123"');
    expect(await head.text()).toBe("");
    expect(
      conditionalResponse(new Request("http://localhost/x", { method: "POST", headers: { "If-None-Match": "*" } }), options).status,
    ).toBe(200);
  });

  test("a private response for a signed-in reader", () => {
    expect(conditionalResponse(request(), { ...options, visibility: "private" }).headers.get("Cache-Control")).toBe(
      "private, max-age=300, stale-while-revalidate=300",
    );
  });

  test("etagFor is a strong, quoted validator that changes with its parts", () => {
    expect(etagFor("a", "b")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(etagFor("a", "b")).toBe(etagFor("a", "b"));
    expect(etagFor("a", "b")).not.toBe(etagFor("ab"));
  });
});

describe("publishedPageCaching", () => {
  const page = { id: "letter-1", publishedAt: PUBLISHED };

  test("anonymous readers may keep the page five minutes; a signed-in reader (an organizer who just posted) revalidates each view", () => {
    expect(publishedPageCaching(request(), page, "/assets/app.css").headers.get("Cache-Control")).toBe(
      "public, max-age=300, s-maxage=30, stale-while-revalidate=300",
    );
    const signedIn = request({ Cookie: `${cookieName(SESSION_COOKIE)}=anything` });
    expect(publishedPageCaching(signedIn, page, "/assets/app.css").headers.get("Cache-Control")).toBe(
      "private, max-age=0, stale-while-revalidate=0",
    );
  });
});
