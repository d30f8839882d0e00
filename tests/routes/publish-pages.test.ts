// The publication pages, called as Remix calls them: the final review and its
// Publish form, the public letter page (404 unless published, cacheable, 304 on a
// matching validator) and the Atom feed.
import { describe, expect, test } from "vitest";
import { sessionCookie } from "~/auth/current-user.server";
import { createSession } from "~/auth/session.server";
import { config } from "~/config/env.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { db } from "~/db/client.server";
import { formatDay } from "~/lib/dates";
import { headers as pageHeaders, loader as pageLoader, meta as pageMeta } from "~/routes/letters.$slug";
import { loader as feedLoader } from "~/routes/letters[.]atom";
import { loader as letterLoader } from "~/routes/my.letters.$id";
import { loader as dashboardLoader } from "~/routes/my.letters.$id._index/route";
import { action as reviewAction, loader as reviewLoader } from "~/routes/my.letters.$id.review";
import { createUser } from "../support/factories";
import { draftInput, openedLetter, signAs } from "../support/letters";
import { call, expectData, expectRedirect, get, post } from "./support";

let signer = 0;
const workEmail = () => `pages${++signer}@github.com`;

async function cookieFor(userId: string) {
  const { token, session } = await createSession(db(), userId, "test");
  return sessionCookie(token, session.absoluteExpiresAt).split(";")[0]!;
}

/** A REVEALED letter with five named signatories, and its organizer's session cookie. */
async function revealedLetter(overrides: Parameters<typeof openedLetter>[0] = {}) {
  const { organizer, letter } = await openedLetter({ threshold: 5, ...overrides });
  for (const name of ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"]) {
    await signAs(letter, workEmail(), { name, title: "Engineer", publicLine: `Team of ${name.split(" ")[0]}` });
  }
  return { organizer, letter: await db().letter.findUniqueOrThrow({ where: { id: letter.id } }), cookie: await cookieFor(organizer.id) };
}

async function publishedLetter(overrides: Parameters<typeof openedLetter>[0] = {}) {
  const revealed = await revealedLetter(overrides);
  const { publicSlug, publishedAt } = await publishLetter(revealed.organizer.id, revealed.letter.id);
  return { ...revealed, publicSlug, publishedAt };
}

type Review = Awaited<ReturnType<typeof reviewLoader>>;
type Page = {
  slug: string;
  canonicalUrl: string;
  description: string;
  publishedDay: string;
  publishedOn: string;
  letter: Record<string, unknown> & { signatories: unknown[] };
};

const review = async (cookie: string, id: string) =>
  (await call(reviewLoader, get(`/my/letters/${id}/review`, { cookie }), { params: { id } })) as Review;
const publish = (cookie: string, id: string, fields: Record<string, string>) =>
  call(reviewAction, post(`/my/letters/${id}/review`, fields, { cookie }), { params: { id } });
const page = (slug: string, headers: Record<string, string> = {}) => {
  const request = new Request(`http://localhost/letters/${slug}`, { headers });
  return call(pageLoader, request, { params: { slug } });
};

describe("final review", () => {
  test("shows exactly what will be public: text and its unchanged fingerprint, today's date, every name, the verification", async () => {
    const { letter, cookie } = await revealedLetter();
    const data = await review(cookie, letter.id);
    expect(data.status).toBe("REVEALED");
    const r = data.review!;
    expect(r.textUnchanged).toBe(true);
    expect(r.letter.textHash).toBe(letter.textHash);
    expect(r.letter.title).toBe(letter.title);
    expect(r.letter.bodyHtml).toContain("<strong>cancel</strong>");
    expect(r.publishedOn).toBe(formatDay(new Date()));
    expect(r.letter.count).toBe(5);
    expect(r.signatories.rows.map((s) => s.name)).toEqual([
      "Ada Lovelace",
      "Alan Turing",
      "Barbara Liskov",
      "Edsger Dijkstra",
      "Grace Hopper",
    ]);
    expect(r.signatories.rows[0]).toEqual({ name: "Ada Lovelace", title: "Engineer", publicLine: "Team of Ada" });
    expect(r.letter.verificationStatement).toBe("5 signatories each proved a work email at microsoft.com or github.com.");
  });

  test("only the dashboard itself unseals the names; the pages nested under it do not", async () => {
    const { letter, cookie } = await revealedLetter();
    type Dashboard = { signatories: { rows: { name: string }[]; total: number; pageCount: number } | null };
    const own = (await call(dashboardLoader, get(`/my/letters/${letter.id}`, { cookie }), { params: { id: letter.id } })) as Dashboard;
    expect(own.signatories).toMatchObject({ total: 5, pageCount: 1 });
    expect(own.signatories!.rows.map((s) => s.name)).toEqual([
      "Ada Lovelace",
      "Alan Turing",
      "Barbara Liskov",
      "Edsger Dijkstra",
      "Grace Hopper",
    ]);
    // The nested pages run the layout's loader (my.letters.$id), never the dashboard's: no names at all.
    for (const nested of ["review", "press", "organizers", "edit"]) {
      const layout = await call(letterLoader, get(`/my/letters/${letter.id}/${nested}`, { cookie }), { params: { id: letter.id } });
      expect(layout).not.toHaveProperty("signatories");
      for (const name of ["Ada Lovelace", "Grace Hopper"]) expect(JSON.stringify(layout)).not.toContain(name);
    }
  });

  test("explains instead when the letter is not revealed, and is a 404 for anyone but its organizers", async () => {
    const { organizer, letter } = await openedLetter({ threshold: 5 });
    const cookie = await cookieFor(organizer.id);
    expect(await review(cookie, letter.id)).toMatchObject({ status: "OPEN", review: null, publicPath: null });

    const stranger = await cookieFor((await createUser()).id);
    const refused = (await call(reviewLoader, get(`/my/letters/${letter.id}/review`, { cookie: stranger }), {
      params: { id: letter.id },
    })) as unknown;
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
    const notAnId = await call(reviewLoader, get("/my/letters/nope/review", { cookie }), { params: { id: "nope" } });
    expect((notAnId as Response).status).toBe(404);
  });

  test("signed out, it sends to the sign-in page", async () => {
    const { letter } = await revealedLetter();
    expectRedirect(
      await call(reviewLoader, get(`/my/letters/${letter.id}/review`), { params: { id: letter.id } }),
      `/login?redirectTo=${encodeURIComponent(`/my/letters/${letter.id}/review`)}`,
    );
  });

  test("Publish needs the confirmation, then publishes and goes to the public page; a second press is refused", async () => {
    const { letter, cookie } = await revealedLetter();
    const unconfirmed = expectData(await publish(cookie, letter.id, {}), 400);
    expect(unconfirmed.data.error?.confirmPublish?.[0]).toMatch(/Tick the box/);
    expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("REVEALED");

    const { location } = expectRedirect(await publish(cookie, letter.id, { confirmPublish: "on" }));
    expect(location).toBe("/letters/cancel-the-ice-contract");
    expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("PUBLISHED");

    const again = expectData(await publish(cookie, letter.id, { confirmPublish: "on" }), 409);
    expect(again.data.error?.[""]?.[0]).toBe("This letter is already published.");
    expect(await review(cookie, letter.id)).toMatchObject({ status: "PUBLISHED", publicPath: location, review: null });
  });

  test("a non-organizer's Publish is a 404, with or without the confirmation", async () => {
    const { letter } = await revealedLetter();
    const stranger = await cookieFor((await createUser()).id);
    for (const fields of [{}, { confirmPublish: "on" }] as Record<string, string>[]) {
      const refused = await publish(stranger, letter.id, fields);
      expect(refused).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(404);
    }
    expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("REVEALED");
  });
});

describe("public letter page", () => {
  test("is a 404 for drafts, open and revealed letters, whatever their slug, and for unknown or malformed slugs", async () => {
    const organizer = await createUser();
    const draft = await createDraft(organizer.id, draftInput({ title: "A draft" }));
    await db().letter.update({ where: { id: draft.id }, data: { publicSlug: "a-draft" } });
    const { letter: open } = await openedLetter({ threshold: 5, title: "Still open" });
    await db().letter.update({ where: { id: open.id }, data: { publicSlug: "still-open" } });
    const { letter: revealed } = await revealedLetter({ title: "Revealed only" });
    await db().letter.update({ where: { id: revealed.id }, data: { publicSlug: "revealed-only" } });

    for (const slug of ["a-draft", "still-open", "revealed-only", "no-such-letter", "Not_A_Slug", "../etc"]) {
      const result = await page(slug);
      expect(result, slug).toBeInstanceOf(Response);
      expect((result as Response).status, slug).toBe(404);
    }
  });

  test("serves a published letter from its record, with caching headers at day granularity", async () => {
    const { publicSlug, publishedAt, letter } = await publishedLetter({ title: "Published for the page" });
    const answer = expectData<Page>(await page(publicSlug), 200);
    expect(answer.data.slug).toBe(publicSlug);
    expect(answer.data.letter).toMatchObject({ title: letter.title, textHash: letter.textHash, count: 5 });
    expect(answer.data.letter.signatories).toHaveLength(5);
    expect(answer.data.letter.verificationStatement).toBe("5 signatories each proved a work email at microsoft.com or github.com.");
    expect(answer.data.publishedOn).toBe(formatDay(publishedAt));
    expect(answer.data.canonicalUrl).toBe(`${config().appUrl}/letters/${publicSlug}`);

    expect(answer.headers.get("Cache-Control")).toMatch(/^public, max-age=300\b/);
    expect(answer.headers.get("ETag")).toMatch(/^"[0-9a-f]+"$/);
    const lastModified = answer.headers.get("Last-Modified")!;
    expect(lastModified).toMatch(/ 00:00:00 GMT$/);
    expect(new Date(lastModified).toISOString().slice(0, 10)).toBe(publishedAt.toISOString().slice(0, 10));
    // The page passes them on (headers export).
    const passed = pageHeaders({
      loaderHeaders: answer.headers,
      parentHeaders: new Headers(),
      actionHeaders: new Headers(),
      errorHeaders: undefined,
    });
    expect(new Headers(passed).get("Cache-Control")).toBe(answer.headers.get("Cache-Control"));
    expect(new Headers(passed).get("ETag")).toBe(answer.headers.get("ETag"));
  });

  test("answers 304 without a body when If-None-Match matches; 200 otherwise", async () => {
    const { publicSlug } = await publishedLetter({ title: "Conditional" });
    const first = expectData<Page>(await page(publicSlug));
    const etag = first.headers.get("ETag")!;

    const notModified = (await page(publicSlug, { "If-None-Match": etag })) as Response;
    expect(notModified).toBeInstanceOf(Response);
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect(notModified.headers.get("ETag")).toBe(etag);
    expect(notModified.headers.get("Cache-Control")).toMatch(/^public, max-age=300\b/);
    // The 304 keeps its validators on the way out (a thrown Response: errorHeaders).
    const passed = new Headers(
      pageHeaders({
        loaderHeaders: new Headers(),
        parentHeaders: new Headers(),
        actionHeaders: new Headers(),
        errorHeaders: notModified.headers,
      }),
    );
    expect(passed.get("ETag")).toBe(etag);

    expect(((await page(publicSlug, { "If-None-Match": `W/${etag}, "other"` })) as Response).status).toBe(304);
    expectData(await page(publicSlug, { "If-None-Match": '"something-else"' }), 200);
  });

  test("a signed-in visitor's page (their name in the header) is private, with its own validator", async () => {
    const { publicSlug, cookie } = await publishedLetter({ title: "Seen signed in" });
    const anonymous = expectData<Page>(await page(publicSlug));
    const signedIn = expectData<Page>(await page(publicSlug, { Cookie: cookie }));
    expect(signedIn.headers.get("Cache-Control")).toMatch(/^private, /);
    expect(signedIn.headers.get("Vary")).toBe("Cookie");
    expect(signedIn.headers.get("ETag")).not.toBe(anonymous.headers.get("ETag"));
  });

  test("meta: title, description, Open Graph, Twitter card and canonical link; indexable", async () => {
    const { publicSlug } = await publishedLetter({ title: "Meta letter" });
    const answer = expectData<Page>(await page(publicSlug));
    const tags = pageMeta({ data: answer.data } as unknown as Parameters<typeof pageMeta>[0]) as Record<string, string>[];
    const find = (key: string, value: string) => tags.find((t) => t[key] === value);
    const url = `${config().appUrl}/letters/${publicSlug}`;
    expect(find("title", "Meta letter")).toBeDefined();
    expect(find("property", "og:title")?.content).toBe("Meta letter");
    expect(find("property", "og:type")?.content).toBe("article");
    expect(find("property", "og:url")?.content).toBe(url);
    expect(find("property", "og:description")?.content).toContain("signed by 5 employees of Microsoft");
    expect(find("name", "description")?.content).toContain("5 signatories each proved a work email");
    expect(find("name", "twitter:card")?.content).toBe("summary");
    expect(tags.find((t) => t.tagName === "link" && t.rel === "canonical")?.href).toBe(url);
    expect(find("name", "robots")).toBeUndefined();
  });
});

/** Enough of an XML check for a feed: tags nest and close, text holds no raw "<" or bare "&". */
function expectWellFormedXml(xml: string) {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  for (const part of body.split(/(<[^>]*>)/)) {
    if (part.startsWith("<")) {
      const tag = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>$/.exec(part);
      expect(tag, `a well-formed tag: ${part}`).not.toBeNull();
      const [, closing, name, attributes, selfClosing] = tag!;
      for (const value of attributes!.matchAll(/="([^"]*)"/g))
        expect(value[1]).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
      if (closing) expect(stack.pop(), `closing ${name}`).toBe(name);
      else if (!selfClosing) stack.push(name!);
    } else {
      expect(part).not.toMatch(/[<>]/);
      expect(part).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
    }
  }
  expect(stack).toEqual([]);
}

describe("Atom feed", () => {
  test("lists published letters only, newest first, escaped, with day-only dates and a plain-text summary", async () => {
    const tricky = `Stop <script>alert("x")</script> & 'surveillance'`;
    const first = await publishedLetter({ title: "First published" });
    const second = await publishedLetter({
      title: tricky,
      body: `We ask for **two** things & more: <b>no raw HTML</b>.\n\n- one\n- two\n\n${"Long words to cut the summary. ".repeat(12)}`,
    });
    await revealedLetter({ title: "Revealed, not published" });
    await openedLetter({ threshold: 5, title: "Open, not published" });

    const response = (await call(feedLoader, get("/letters.atom"))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+$/);
    expect(response.headers.get("Last-Modified")).toMatch(/ 00:00:00 GMT$/);
    const xml = await response.text();
    expectWellFormedXml(xml);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);

    expect(xml).not.toContain("Revealed, not published");
    expect(xml).not.toContain("Open, not published");
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("Stop &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;surveillance&apos;");
    // Earlier tests in this file published letters too: every entry is one of them.
    const published = await db().letter.findMany({ where: { status: "PUBLISHED" }, select: { publicSlug: true } });
    const entries = xml.split("<entry>").slice(1);
    expect(entries).toHaveLength(published.length);
    const linked = entries.map((entry) => /<link rel="alternate" type="text\/html" href="[^"]*\/letters\/([^"]+)"\/>/.exec(entry)?.[1]);
    expect(linked.sort()).toEqual(published.map((l) => l.publicSlug).sort());
    // Newest first.
    expect(entries[0]).toContain(`/letters/${second.publicSlug}`);
    expect(entries[1]).toContain(`<link rel="alternate" type="text/html" href="${config().appUrl}/letters/${first.publicSlug}"/>`);
    for (const entry of entries) expect(entry).toMatch(/<published>\d{4}-\d{2}-\d{2}T00:00:00Z<\/published>/);

    const summary = /<summary type="text">([^<]*)<\/summary>/.exec(entries[0]!)![1]!;
    const text = summary.replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
    expect(text.startsWith("We ask for two things & more: <b>no raw HTML</b>. one two Long words")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text.endsWith("…")).toBe(true);
    expect(text).not.toContain("**");
  });

  test("answers 304 to a matching If-None-Match", async () => {
    await publishedLetter({ title: "Feed caching" });
    const first = (await call(feedLoader, get("/letters.atom"))) as Response;
    const etag = first.headers.get("ETag")!;
    const again = (await call(
      feedLoader,
      new Request("http://localhost/letters.atom", { headers: { "If-None-Match": etag } }),
    )) as Response;
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});
