// The published letter's formats, made from a snapshot with no database: the PDF
// (read back with pdf.js), the CSV (parsed back), and both JSON documents.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { csvField, defuseFormula, signatoriesCsv } from "~/publishing/formats/csv.server";
import { letterJson, signatoriesJson } from "~/publishing/formats/json.server";
import { markdownBlocks } from "~/publishing/formats/markdown-blocks.server";
import { letterPdf } from "~/publishing/formats/pdf.server";
import { FORMATS, renderFormat } from "~/publishing/formats/registry.server";
import { verificationStatement, type PublishedSignatory, type PublishedSnapshot } from "~/publishing/snapshot.server";

const URL = "https://undersigned.example/letters/cancel-the-ice-contract";
const LONG_TITLE = `Principal Distinguished Engineer and ${"Chair of the Working Group on Responsible Procurement, ".repeat(12)}Emeritus`;

/** Names that a standard PDF font cannot draw, that a CSV must quote, that a spreadsheet would run. */
const SPECIAL: PublishedSignatory[] = [
  { name: "Björn Ólafsson", title: "Staff Engineer", publicLine: "Azure, Reykjavík" },
  { name: "Łukasz Nowak", title: "Designer", publicLine: "Kraków office" },
  { name: "Zoë", title: null, publicLine: null },
  { name: "Ελένη Παπαδοπούλου", title: "Μηχανικός", publicLine: null },
  { name: "Дмитрий Иванов", title: "Инженер", publicLine: "Москва" },
  { name: "Şükrü Çağlar", title: null, publicLine: "Istanbul" },
  { name: "Wendy Long-Title", title: LONG_TITLE, publicLine: "Policy" },
  { name: "Smith, John", title: 'The "Boss"', publicLine: "line one\nline two" },
  { name: '=HYPERLINK("https://evil.example","x")', title: "+1 Engineer", publicLine: "-dash" },
  { name: "@mention", title: "\tTabbed", publicLine: "\rReturn" },
];
const CJK: PublishedSignatory = { name: "李娜", title: "研究员", publicLine: "Beijing" };

function signatories(count: number): PublishedSignatory[] {
  const filler = Array.from({ length: count - SPECIAL.length - 1 }, (_, i) => ({
    name: `Signer ${String(i + 1).padStart(4, "0")} Example`,
    title: i % 3 === 0 ? null : "Software Engineer II",
    publicLine: i % 2 === 0 ? `Team ${i}` : null,
  }));
  return [...SPECIAL, CJK, ...filler];
}

function snapshotWith(list: PublishedSignatory[], overrides: Partial<PublishedSnapshot> = {}): PublishedSnapshot {
  const domains = ["microsoft.com", "github.com"];
  return {
    version: 1,
    title: "Cancel the ICE contract",
    addressee: "Satya Nadella, CEO",
    organizationName: "Microsoft",
    body: [
      "We, the undersigned, ask you to **cancel** the contract. It is *urgent*.",
      "## What we ask",
      "1. Cancel the contract\n2. Publish its terms\n   - every annex\n   - in full\n3. Meet us",
      "> We build these tools.",
      "Read [the report](https://example.org/report). <b>Raw HTML</b> stays text. ![a chart](https://tracker.example/x.png)",
      "Ünïcödé in the body: Łódź, Ελλάδα.",
    ].join("\n\n"),
    bodyHtml: "<p>…</p>",
    textHash: "3f".repeat(32),
    allowedDomains: domains,
    openedAt: "2026-10-01T09:13:27.000Z",
    revealedAt: "2026-11-20T13:45:12.345Z",
    publishedAt: "2026-11-28T00:00:00.000Z",
    signatories: list,
    count: list.length,
    verificationStatement: verificationStatement(list.length, domains),
    ...overrides,
  };
}

async function pdfText(pdf: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, disableFontFace: true }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join(""));
    }
    const info = (await doc.getMetadata()).info as unknown as Record<string, unknown>;
    return { pages, info };
  } finally {
    await doc.destroy();
  }
}

const flat = (text: string) => text.replace(/\s+/g, " ").trim();

/** RFC 4180, the strict way: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      i += 1;
    } else if (c === ",") {
      row.push(field);
      field = "";
      i += 1;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else {
      expect(c, `bare ${JSON.stringify(c)} outside quotes at ${i}`).not.toMatch(/["\r\n]/);
      field += c;
      i += 1;
    }
  }
  expect(field, "the file ends with CRLF").toBe("");
  expect(row).toEqual([]);
  return rows;
}

describe("letterPdf", () => {
  const list = signatories(300);
  const snapshot = snapshotWith(list);
  let parsed: Promise<Awaited<ReturnType<typeof pdfText>>> | undefined;
  const read = () => (parsed ??= letterPdf(snapshot, URL).then(pdfText));

  it("is a PDF of several pages, numbered 'Page N of M', with a running header from page 2", async () => {
    const { pages } = await read();
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((page, index) => expect(flat(page)).toContain(`Page ${index + 1} of ${pages.length}`));
    for (const page of pages.slice(1)) {
      expect(page).toContain("Cancel the ICE contract");
      expect(page).toContain("Published 28 November 2026");
    }
  }, 60_000);

  it("contains every signatory's name, title and public line, non-ASCII names included", async () => {
    const text = flat((await read()).pages.join("\n"));
    for (const { name, title, publicLine } of list.filter((s) => s !== CJK)) {
      expect(text).toContain(flat(name));
      if (title) expect(text).toContain(flat(title));
      if (publicLine) expect(text).toContain(flat(publicLine));
    }
    for (const name of ["Björn Ólafsson", "Łukasz Nowak", "Zoë", "Дмитрий Иванов", "Ελένη Παπαδοπούλου"]) expect(text).toContain(name);
  }, 60_000);

  it("draws characters no font here has as U+FFFD, says so, and does not crash", async () => {
    const text = flat((await read()).pages.join("\n"));
    expect(text).toContain("\uFFFD\uFFFD, \uFFFD\uFFFD\uFFFD — Beijing");
    expect(text).toContain("signatories.csv and signatories.json give every name exactly");
    expect(text).not.toContain("李娜");
  }, 60_000);

  it("sets the letter, its record and the signatories in order", async () => {
    const text = flat((await read()).pages.join("\n"));
    const order = [
      "An open letter from employees of Microsoft",
      "Cancel the ICE contract",
      "To Satya Nadella, CEO",
      "We, the undersigned, ask you to cancel the contract.",
      "What we ask",
      "1. Cancel the contract",
      "2. Publish its terms",
      "– every annex",
      "3. Meet us",
      "We build these tools.",
      "Read the report (https://example.org/report). <b>Raw HTML</b> stays text. a chart",
      "Łódź, Ελλάδα.",
      "3f".repeat(32),
      `Published on 28 November 2026 at ${URL}.`,
      "300 signatories each proved a work email at microsoft.com or github.com.",
      "Signatories",
      "300 signatories, listed by name.",
      "Björn Ólafsson, Staff Engineer — Azure, Reykjavík",
    ];
    let from = 0;
    for (const part of order) {
      const at = text.indexOf(part, from);
      expect(at, `"${part}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + part.length;
    }
    expect(text).not.toContain("tracker.example");
  }, 60_000);

  it("carries the document's title and subject, and only the publication day", async () => {
    const { info } = await read();
    expect(info.Title).toBe("Cancel the ICE contract");
    expect(info.Subject).toBe("An open letter to Satya Nadella, CEO from employees of Microsoft");
    expect(String(info.CreationDate)).toMatch(/^D:20261128000000/);
  }, 60_000);

  it("is deterministic, and says so when it is a preview", async () => {
    const small = snapshotWith(SPECIAL.slice(0, 3));
    const [a, b] = await Promise.all([letterPdf(small, URL), letterPdf(small, URL)]);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(a.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const preview = await pdfText(await letterPdf({ ...small, publishedAt: null }, URL));
    expect(flat(preview.pages.join(" "))).toContain("Preview, not yet published");
    expect(flat(preview.pages.join(" "))).not.toContain("Published on");
  }, 60_000);

  it("names each signatory's team after the name, when there is one (decision 018)", async () => {
    const teams = snapshotWith([
      { name: "Ada Team", title: "Engineer", publicLine: "Cloud", team: "Xbox & Gaming" },
      { name: "Bo None", title: null, publicLine: null, team: null },
    ]);
    const text = flat((await pdfText(await letterPdf(teams, URL))).pages.join(" "));
    expect(text).toContain("Ada Team, Engineer — Cloud (Xbox & Gaming)");
    expect(text).toContain("Bo None");
    expect(text).not.toContain("Bo None (");
    expect(signatoriesCsv(teams)).toContain("Ada Team,Engineer,Cloud,Xbox & Gaming\r\nBo None,,,\r\n");
    expect(JSON.parse(signatoriesJson(teams)).signatories.map((s: { team: string | null }) => s.team)).toEqual(["Xbox & Gaming", null]);
  }, 60_000);

  it("survives titles and names with control characters, bidi overrides and astral characters", async () => {
    const odd = snapshotWith(
      [
        { name: "Eve\u202eevil\u202c Mallory", title: "a\u0000b\u0007c", publicLine: "🙂 emoji" },
        { name: "Anna\u0308", title: null, publicLine: null }, // "Annä", decomposed
      ],
      { title: "Title with \u2028 separator and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢" },
    );
    const { pages } = await pdfText(await letterPdf(odd, URL));
    const text = flat(pages.join(" "));
    expect(text).toContain("Eveevil Mallory");
    expect(text).toContain("Annä");
  }, 60_000);
});

describe("signatoriesCsv", () => {
  const list = signatories(300);
  const csv = signatoriesCsv(snapshotWith(list));

  it("parses back to exactly the signatory list, quoted commas, quotes and line breaks included", () => {
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual(["name", "title", "public_line", "team"]);
    expect(rows).toEqual(list.map((s) => [s.name, s.title ?? "", s.publicLine ?? "", ""].map(defuseFormula)));
    expect(csv.startsWith("name,title,public_line,team\r\n")).toBe(true);
    expect(csv).toContain('"Smith, John","The ""Boss""","line one\nline two",');
  });

  it("defuses spreadsheet formulas: a cell starting with = + - @ tab or CR gets a leading apostrophe", () => {
    const [, ...rows] = parseCsv(csv);
    const formulas = rows.find((row) => row[0]!.includes("HYPERLINK"))!;
    expect(formulas).toEqual([`'=HYPERLINK("https://evil.example","x")`, "'+1 Engineer", "'-dash", ""]);
    expect(rows.find((row) => row[0] === "'@mention")).toEqual(["'@mention", "'\tTabbed", "'\rReturn", ""]);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(csvField("Björn")).toBe("Björn");
    expect(csvField(null)).toBe("");
    expect(csvField("a\rb")).toBe('"a\rb"');
  });

  it("is only a header for an empty list", () => {
    expect(signatoriesCsv({ signatories: [] })).toBe("name,title,public_line,team\r\n");
  });
});

describe("JSON formats", () => {
  const list = signatories(300);
  const snapshot = snapshotWith(list);

  it("signatories.json lists exactly the signatories, in order", () => {
    const document = JSON.parse(signatoriesJson(snapshot));
    expect(document.signatories).toEqual(list.map(({ name, title, publicLine }) => ({ name, title, publicLine })));
    expect(document.count).toBe(300);
    expect(document.letter).toBe("Cancel the ICE contract");
  });

  it("letter.json has the letter and its record, dates to the day, and no signatories", () => {
    const document = JSON.parse(letterJson(snapshot, URL));
    expect(document).toMatchObject({
      title: "Cancel the ICE contract",
      addressee: "Satya Nadella, CEO",
      text: snapshot.body,
      textHash: snapshot.textHash,
      openedAt: "2026-10-01",
      revealedAt: "2026-11-20",
      publishedAt: "2026-11-28",
      count: 300,
      allowedDomains: ["microsoft.com", "github.com"],
      verificationStatement: "300 signatories each proved a work email at microsoft.com or github.com.",
      url: URL,
    });
    expect(Object.keys(document)).not.toContain("signatories");
    expect(JSON.stringify(document)).not.toContain("Björn");
    expect(JSON.stringify(document)).not.toMatch(/\d\d:\d\d/);
  });

  it("each format renders to bytes with its content type", async () => {
    const small = snapshotWith(SPECIAL.slice(0, 2));
    for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
      const { body, contentType } = await renderFormat(format, small, URL);
      expect(body).toBeInstanceOf(Uint8Array);
      expect(body.length).toBeGreaterThan(0);
      expect(contentType).toBe(FORMATS[format].contentType);
    }
  }, 30_000);
});

describe("markdownBlocks", () => {
  it("keeps paragraphs, headings, nested lists, quotes, code and links; raw HTML and images as text", () => {
    const blocks = markdownBlocks(
      "# Head\n\nA *b* **c** `d`\n\n- one\n  1. inner\n- two\n\n> quoted\n\n```\ncode\n```\n\n[x](https://e.org) [y](javascript:alert(1)) <i>z</i> ![alt](http://img)\n\n---",
    );
    expect(blocks.map((b) => b.kind)).toEqual([
      "heading",
      "paragraph",
      "paragraph",
      "paragraph",
      "paragraph",
      "paragraph",
      "code",
      "paragraph",
      "rule",
    ]);
    expect(blocks[1]).toMatchObject({
      runs: [
        { text: "A " },
        { text: "b", italic: true },
        { text: " " },
        { text: "c", bold: true },
        { text: " " },
        { text: "d", code: true },
      ],
    });
    expect(blocks[2]).toMatchObject({ marker: "•", depth: 1, tight: true });
    expect(blocks[3]).toMatchObject({ marker: "1.", depth: 2 });
    expect(blocks[5]).toMatchObject({ quote: true, depth: 1 });
    const last = blocks[7]!;
    const text = last.kind === "paragraph" ? last.runs.map((r) => r.text).join("") : "";
    expect(text).toBe("x (https://e.org) [y](javascript:alert(1)) <i>z</i> alt");
    expect(last.kind === "paragraph" && last.runs[0]).toMatchObject({ text: "x", link: "https://e.org" });
  });
});
