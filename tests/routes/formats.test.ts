// The published letter's formats as served: /letters/:slug/letter.pdf,
// signatories.csv, signatories.json and letter.json. 404 until publication; then
// the stored artifact with its validators, public caching and the right disposition.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { loader as letterJsonLoader } from "~/routes/letters.$slug.letter[.]json";
import { loader as letterPdfLoader } from "~/routes/letters.$slug.letter[.]pdf";
import { loader as signatoriesCsvLoader } from "~/routes/letters.$slug.signatories[.]csv";
import { loader as signatoriesJsonLoader } from "~/routes/letters.$slug.signatories[.]json";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { PublishedRecord, type RecordForPage } from "~/components/published-record";
import { loader as letterPageLoader } from "~/routes/letters.$slug";
import { openedLetter, signAs } from "../support/letters";
import { call } from "./support";

const ROUTES = [
  { file: "letter.pdf", loader: letterPdfLoader, type: "application/pdf" },
  { file: "signatories.csv", loader: signatoriesCsvLoader, type: "text/csv; charset=utf-8; header=present" },
  { file: "signatories.json", loader: signatoriesJsonLoader, type: "application/json; charset=utf-8" },
  { file: "letter.json", loader: letterJsonLoader, type: "application/json; charset=utf-8" },
] as const;

// The letter's teams (decision 018): a named signatory's team is published with the name.
const TEAMS = ["Azure", "Research"];
const SIGNERS = [
  { name: "Björn Ólafsson", title: "Staff Engineer", publicLine: "Azure", team: 0 },
  { name: "Łukasz Nowak", title: "Designer, Kraków", publicLine: 'Says "hello"', team: 1 },
  { name: "Zoë", title: null, publicLine: null, team: null },
  { name: "+Plus Person", title: "@handle", publicLine: "-minus", team: null },
  { name: "Grace Hopper", title: "Rear Admiral", publicLine: "Engineer", team: 1 },
];

let signer = 0;

/** A letter in `status`, signed by all five when past OPEN, with a public slug set even when not published. */
async function letterIn(status: "DRAFT" | "OPEN" | "REVEALED" | "PUBLISHED") {
  const { organizer, letter } = await openedLetter({ threshold: 5, title: `Formats ${status} ${++signer}`, teams: TEAMS });
  if (status === "REVEALED" || status === "PUBLISHED") {
    for (const s of SIGNERS) await signAs(letter, `formats${++signer}@microsoft.com`, s);
  }
  if (status === "PUBLISHED") {
    await publishLetter(organizer.id, letter.id);
  } else {
    // The slug lookup must refuse on status, not merely on a missing slug.
    await db().letter.update({ where: { id: letter.id }, data: { status, publicSlug: `unpublished-${status.toLowerCase()}-${signer}` } });
  }
  return db().letter.findUniqueOrThrow({ where: { id: letter.id } });
}

async function fetchFormat(route: (typeof ROUTES)[number], slug: string, headers: Record<string, string> = {}, method = "GET") {
  const request = new Request(`http://localhost/letters/${slug}/${route.file}`, { method, headers });
  const result = await call(route.loader, request, { params: { slug } });
  expect(result).toBeInstanceOf(Response);
  return result as Response;
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; rows end in CRLF. */
function parseCsv(text: string) {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe("format routes", () => {
  let published: Awaited<ReturnType<typeof letterIn>>;
  beforeAll(async () => {
    published = await letterIn("PUBLISHED");
  }, 60_000);

  test("each format: 200, its type, an ETag, the publication day as Last-Modified, public caching", { timeout: 60_000 }, async () => {
    const day = new Date(published.publishedAt!);
    day.setUTCHours(0, 0, 0, 0);
    for (const route of ROUTES) {
      const response = await fetchFormat(route, published.publicSlug!);
      expect(response.status, route.file).toBe(200);
      expect(response.headers.get("Content-Type")).toBe(route.type);
      expect(response.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
      expect(response.headers.get("Last-Modified")).toBe(day.toUTCString());
      expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+/);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  test("the PDF is inline and holds every name; the CSV is an attachment named after the slug", { timeout: 60_000 }, async () => {
    const pdf = await fetchFormat(ROUTES[0], published.publicSlug!);
    expect(pdf.headers.get("Content-Disposition")).toBe(`inline; filename="${published.publicSlug}.pdf"`);
    const doc = await getDocument({
      data: new Uint8Array(await pdf.arrayBuffer()),
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
    }).promise;
    let text = "";
    for (let n = 1; n <= doc.numPages; n++) {
      text += (await (await doc.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? `${item.str} ` : "")).join("");
    }
    await doc.destroy();
    for (const { name } of SIGNERS) expect(text.replace(/\s+/g, " ")).toContain(name);

    const csv = await fetchFormat(ROUTES[1], published.publicSlug!);
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="${published.publicSlug}-signatories.csv"`);
  });

  test("the CSV and the JSON list exactly the signatories", async () => {
    const expected = SIGNERS.map(({ name, title, publicLine, team }) => ({
      name,
      title,
      publicLine,
      team: team === null ? null : TEAMS[team]!,
    })).sort((a, b) => a.name.localeCompare(b.name));
    const sort = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

    const json = await (await fetchFormat(ROUTES[2], published.publicSlug!)).json();
    expect(sort(json.signatories)).toEqual(expected);

    const [header, ...rows] = parseCsv(await (await fetchFormat(ROUTES[1], published.publicSlug!)).text());
    expect(header).toEqual(["name", "title", "public_line", "team"]);
    const defuse = (value: string | null) => (value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? ""));
    expect(
      sort(rows.map(([name, title, publicLine, team]) => ({ name: name!, title: title!, publicLine: publicLine!, team: team! }))),
    ).toEqual(
      sort(expected.map((s) => ({ name: defuse(s.name), title: defuse(s.title), publicLine: defuse(s.publicLine), team: s.team ?? "" }))),
    );

    const letter = await (await fetchFormat(ROUTES[3], published.publicSlug!)).json();
    expect(letter).toMatchObject({ title: published.title, count: 5, textHash: published.textHash });
    expect(letter.url).toMatch(new RegExp(`/letters/${published.publicSlug}$`));
    expect(letter).not.toHaveProperty("signatories");
  });

  test("a request carrying the ETag gets a 304 without a body; HEAD gets headers only", async () => {
    for (const route of ROUTES) {
      const first = await fetchFormat(route, published.publicSlug!);
      const etag = first.headers.get("ETag")!;
      const again = await fetchFormat(route, published.publicSlug!, { "If-None-Match": etag });
      expect(again.status, route.file).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("ETag")).toBe(etag);
      const stale = await fetchFormat(route, published.publicSlug!, { "If-None-Match": '"something-else"' });
      expect(stale.status).toBe(200);
      const head = await fetchFormat(route, published.publicSlug!, {}, "HEAD");
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
    }
  });

  test.each(["DRAFT", "OPEN", "REVEALED"] as const)(
    "nothing is served for a %s letter",
    async (status) => {
      const letter = await letterIn(status);
      for (const route of ROUTES) {
        const response = await fetchFormat(route, letter.publicSlug!);
        expect(response.status, `${status} ${route.file}`).toBe(404);
        expect(response.headers.get("Cache-Control")).toBe("no-store");
      }
      expect(await db().publishedArtifact.count({ where: { letterId: letter.id } })).toBe(0);
    },
    60_000,
  );

  test("404 for a slug that names no letter or is not a slug", async () => {
    for (const slug of ["no-such-letter", "../etc", "UPPER", ""]) {
      expect((await fetchFormat(ROUTES[0], slug)).status).toBe(404);
    }
  });
});

describe("verified signers left unnamed (decision 019)", () => {
  // 5 named; 12 who asked to be named only at 1,000, which 17 never reach: 7 of Azure, 5 of no team.
  let letter: Awaited<ReturnType<typeof letterIn>>;
  const statement = "And 12 more verified signatories who asked to be named only once more had signed.";
  beforeAll(async () => {
    const { organizer, letter: open } = await openedLetter({ threshold: 5, title: `Formats unnamed ${++signer}`, teams: TEAMS });
    for (let i = 0; i < 12; i++)
      await signAs(open, `unnamed${++signer}@microsoft.com`, { name: `Hidden Person ${i}`, nameAt: 1_000, team: i < 7 ? 0 : null });
    for (const s of SIGNERS) await signAs(open, `formats${++signer}@microsoft.com`, s);
    await publishLetter(organizer.id, open.id);
    letter = await db().letter.findUniqueOrThrow({ where: { id: open.id } });
  }, 60_000);

  test("the JSON formats carry the count, the sentence and the unnamed's suppressed team counts", async () => {
    const list = (await (await fetchFormat(ROUTES[2], letter.publicSlug!)).json()) as { count: number; unnamedCount: number };
    expect(list).toMatchObject({ count: 5, unnamedCount: 12 });
    const record = (await (await fetchFormat(ROUTES[3], letter.publicSlug!)).json()) as { unnamed: unknown };
    expect(record.unnamed).toEqual({
      count: 12,
      statement,
      teams: [
        { team: "Azure", count: 7 },
        { team: "Research", count: null },
        { team: null, count: null },
      ],
    });
    for (const route of ROUTES.slice(2)) expect(await (await fetchFormat(route, letter.publicSlug!)).text()).not.toContain("Hidden Person");
  });

  test("the CSV ends with one row saying it, its columns unchanged", async () => {
    const rows = parseCsv(await (await fetchFormat(ROUTES[1], letter.publicSlug!)).text());
    expect(rows[0]).toEqual(["name", "title", "public_line", "team"]);
    expect(rows).toHaveLength(1 + 5 + 1);
    expect(rows.at(-1)).toEqual([`[${statement}]`, "", "", ""]);
  });

  test("the PDF and the public page say it, with the team counts that may be shown", { timeout: 60_000 }, async () => {
    const pdf = await fetchFormat(ROUTES[0], letter.publicSlug!);
    const doc = await getDocument({
      data: new Uint8Array(await pdf.arrayBuffer()),
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
    }).promise;
    let text = "";
    for (let n = 1; n <= doc.numPages; n++) {
      text += (await (await doc.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? `${item.str} ` : "")).join("");
    }
    await doc.destroy();
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain(statement);
    expect(flat).toContain("Of them, by team: Azure 7; the other groups are too small to show.");
    expect(flat).not.toContain("Hidden Person");

    const page = (await call(letterPageLoader, new Request(`http://localhost/letters/${letter.publicSlug}`), {
      params: { slug: letter.publicSlug! },
    })) as { data: { letter: RecordForPage & { signatories: { name: string; title: string | null; publicLine: string | null }[] } } };
    const html = renderToStaticMarkup(
      createElement(PublishedRecord, { record: page.data.letter, day: null, names: page.data.letter.signatories }),
    ).replace(/<[^>]+>/g, "");
    expect(html).toContain(`${statement} Of them, by team: Azure 7; the other groups are too small to show.`);
    expect(html).not.toContain("Hidden Person");
  });
});
