// Stored formats of published letters (PublishedArtifact), on both databases: made
// from the stored record on first request and then only read; concurrent first
// requests all succeed with the same bytes; nothing for a letter not published.
import { beforeEach, describe, expect, test, vi } from "vitest";
import { db } from "~/db/client.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { publishedArtifact } from "~/domain/letters/published-formats.server";
import { renderFormat } from "~/publishing/formats/registry.server";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { openedLetter, signAs } from "../support/letters";

// renderFormat as it is, counted, with a hook that can run before it returns.
const hooks = vi.hoisted(() => ({ beforeReturn: null as null | (() => Promise<unknown>) }));
vi.mock("~/publishing/formats/registry.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/publishing/formats/registry.server")>();
  return {
    ...real,
    renderFormat: vi.fn(async (...args: Parameters<typeof real.renderFormat>) => {
      const rendered = await real.renderFormat(...args);
      const hook = hooks.beforeReturn;
      hooks.beforeReturn = null;
      if (hook) await hook();
      return rendered;
    }),
  };
});
const rendered = vi.mocked(renderFormat);

let signer = 0;
const NAMES = ["Ada Lovelace", "Björn Ólafsson", "Łukasz Nowak", "Smith, John", "=SUM(A1:A9)"];

/** An OPEN letter, optionally signed by all five (which reveals it), optionally published. */
async function letterIn(status: "OPEN" | "REVEALED" | "PUBLISHED") {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  if (status !== "OPEN") {
    for (const name of NAMES) await signAs(letter, `artifacts${++signer}@microsoft.com`, { name, title: `Title of ${name}` });
  }
  if (status === "PUBLISHED") await publishLetter(organizer.id, letter.id);
  const now = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(now.status).toBe(status);
  return now;
}

const text = (body: Uint8Array) => new TextDecoder().decode(body);

beforeEach(() => {
  rendered.mockClear();
  hooks.beforeReturn = null;
});

describe("publishedArtifact", () => {
  test("renders each format once from the stored record, then serves the stored row", { timeout: 60_000 }, async () => {
    const letter = await letterIn("PUBLISHED");
    const snapshot = JSON.parse(letter.publishedSnapshot!) as PublishedSnapshot;

    const csv = await publishedArtifact(letter.id, "csv");
    expect(csv?.contentType).toBe("text/csv; charset=utf-8; header=present");
    const lines = text(csv!.body).trimEnd().split("\r\n");
    expect(lines[0]).toBe("name,title,public_line,team");
    expect(lines).toHaveLength(6);
    expect(lines).toContain('"Smith, John","Title of Smith, John",Engineer,');
    expect(lines).toContain("'=SUM(A1:A9),Title of =SUM(A1:A9),Engineer,");

    const people = JSON.parse(text((await publishedArtifact(letter.id, "signatories.json"))!.body));
    expect(people.signatories).toEqual(snapshot.signatories);
    expect(people.signatories.map((s: { name: string }) => s.name).sort()).toEqual([...NAMES].sort());

    const record = JSON.parse(text((await publishedArtifact(letter.id, "letter.json"))!.body));
    expect(record.url).toMatch(new RegExp(`^https?://[^/]+/letters/${letter.publicSlug}$`));
    expect(record.textHash).toBe(letter.textHash);

    const pdf = await publishedArtifact(letter.id, "pdf");
    expect(Buffer.from(pdf!.body.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(rendered).toHaveBeenCalledTimes(4);

    const rows = await db().publishedArtifact.findMany({ where: { letterId: letter.id }, orderBy: { format: "asc" } });
    expect(rows.map((row) => row.format)).toEqual(["csv", "letter.json", "pdf", "signatories.json"]);

    // Again: no rendering, the same bytes and ETag, the row untouched.
    const again = await publishedArtifact(letter.id, "pdf");
    expect(rendered).toHaveBeenCalledTimes(4);
    expect(again!.etag).toBe(pdf!.etag);
    expect(Buffer.compare(Buffer.from(again!.body), Buffer.from(pdf!.body))).toBe(0);
    const pdfRow = await db().publishedArtifact.findUniqueOrThrow({ where: { letterId_format: { letterId: letter.id, format: "pdf" } } });
    expect(pdfRow.createdAt).toEqual(rows.find((row) => row.format === "pdf")!.createdAt);
  });

  test("concurrent first requests all succeed with the same artifact, rendered once", async () => {
    const letter = await letterIn("PUBLISHED");
    const results = await Promise.all(Array.from({ length: 12 }, () => publishedArtifact(letter.id, "pdf")));
    expect(new Set(results.map((r) => r?.etag)).size).toBe(1);
    expect(rendered).toHaveBeenCalledTimes(1);
    expect(await db().publishedArtifact.count({ where: { letterId: letter.id } })).toBe(1);
  });

  test("when another instance stores the format first, its copy is the answer", async () => {
    const letter = await letterIn("PUBLISHED");
    // Another instance finishes first, while this one is still rendering.
    hooks.beforeReturn = () =>
      db().publishedArtifact.create({
        data: {
          letterId: letter.id,
          format: "csv",
          contentType: "text/csv; charset=utf-8; header=present",
          body: new TextEncoder().encode("name,title,public_line\r\n"),
          etag: "theirs",
        },
      });
    const artifact = await publishedArtifact(letter.id, "csv");
    expect(artifact?.etag).toBe("theirs");
    expect(await db().publishedArtifact.count({ where: { letterId: letter.id } })).toBe(1);
  });

  test.each(["OPEN", "REVEALED"] as const)("there is no format of a %s letter, and none is stored", async (status) => {
    const letter = await letterIn(status);
    for (const format of ["pdf", "csv", "signatories.json", "letter.json"] as const) {
      expect(await publishedArtifact(letter.id, format)).toBeNull();
    }
    expect(rendered).not.toHaveBeenCalled();
    expect(await db().publishedArtifact.count({ where: { letterId: letter.id } })).toBe(0);
  });

  test("a stored format is not served once its letter is no longer published", async () => {
    const letter = await letterIn("PUBLISHED");
    expect(await publishedArtifact(letter.id, "csv")).not.toBeNull();
    await db().letter.update({ where: { id: letter.id }, data: { status: "REVEALED" } });
    expect(await publishedArtifact(letter.id, "csv")).toBeNull();
    expect(await publishedArtifact("no-such-letter", "csv")).toBeNull();
  });
});
