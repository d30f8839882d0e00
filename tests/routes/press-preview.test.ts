// The embargoed preview page, /press/$token, called with real Requests.
import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { createPreview, revokePreview } from "~/domain/press/previews.server";
import { buildSnapshot } from "~/domain/letters/public-record.server";
import { headers as previewHeaders, loader, meta } from "~/routes/press.$token";
import { loader as pdfLoader } from "~/routes/press.$token.letter[.]pdf";
import { openedLetter, signAs } from "../support/letters";
import { call, expectData, expectRedirect, get } from "./support";

const DAY_MS = 24 * 60 * 60_000;

type Loaded = Awaited<ReturnType<typeof loader>>["data"];

let seq = 0;
async function revealedWithPreview(embargoUntil = new Date(Date.now() + 3 * DAY_MS)) {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  seq += 1;
  for (let i = 0; i < 5; i++)
    await signAs(letter, `preview${seq}.signer${i}@microsoft.com`, { name: `Signer ${i}`, title: i === 0 ? "Principal Engineer" : null });
  const preview = await createPreview(organizer.id, letter.id, { label: "Jane Doe, The Example Times", embargoUntil, expiresInDays: 7 });
  return { organizer, letter, preview };
}

const open = (token: string) => call(loader, get(`/press/${token}`), { params: { token } });

function expectPrivateHeaders(headers: Headers) {
  // Referrer-Policy comes from the server for every response (tests/e2e/ops-doors.test.ts checks it is sent once).
  expect(headers.get("X-Robots-Tag")).toBe("noindex");
  expect(headers.get("Cache-Control")).toBe("no-store");
}

test("shows the letter, its fingerprint, the verification and the names, under an embargo in words", async () => {
  const embargoUntil = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 15, 9, 30));
  const { letter, preview } = await revealedWithPreview(embargoUntil);
  const answer = expectData<Loaded>(await open(preview.token), 200);
  expectPrivateHeaders(answer.headers);
  const page = answer.data;
  expect(page.found).toBe(true);
  if (!page.found) return;
  expect(page.embargo).toBe(`15 January ${embargoUntil.getUTCFullYear()}, 09:30 UTC`);
  expect(page.embargoLifted).toBe(false);
  expect(page.label).toBe("Jane Doe, The Example Times");
  expect(page.expires).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
  expect(page.letter.title).toBe(letter.title);
  expect(page.letter.textHash).toBe(letter.textHash);
  expect(page.letter.bodyHtml).toContain("<strong>cancel</strong>");
  expect(page.letter.verificationStatement).toMatch(/^5 signatories each proved a work email at microsoft\.com or github\.com\.$/);
  expect(page.letter.signatories.rows.map((s) => s.name)).toEqual(["Signer 0", "Signer 1", "Signer 2", "Signer 3", "Signer 4"]);
  expect(page.letter.signatories.rows[0]).toEqual({ name: "Signer 0", title: "Principal Engineer", publicLine: "Engineer" });
  // Nothing in the page data repeats the link.
  expect(JSON.stringify(page)).not.toContain(preview.token.split(".")[1]);
  expect((await db().pressPreview.findUniqueOrThrow({ where: { id: preview.id } })).openCount).toBe(1);
});

test("says so once the embargo has lifted but the letter is not yet published", async () => {
  const { preview } = await revealedWithPreview();
  await db().pressPreview.update({ where: { id: preview.id }, data: { embargoUntil: new Date(Date.now() - 60_000) } });
  const { data } = expectData<Loaded>(await open(preview.token), 200);
  expect(data.found && data.embargoLifted).toBe(true);
});

test("a generic title without the link, noindex, and private headers on every answer", () => {
  const tags = meta({} as Parameters<typeof meta>[0]) as { title?: string; name?: string; content?: string }[];
  const title = tags.find((t) => t.title)?.title;
  expect(title).toBe("Embargoed press preview — Undersigned");
  expect(tags).toContainEqual({ name: "robots", content: "noindex, nofollow" });
  const fromExport = new Headers(previewHeaders({} as Parameters<typeof previewHeaders>[0]) as HeadersInit);
  expectPrivateHeaders(fromExport);
});

test("a revoked link answers 410, a malformed one 404: the same page, nothing counted", async () => {
  const { organizer, preview } = await revealedWithPreview();
  await revokePreview(organizer.id, preview.id);
  const revoked = expectData<Loaded>(await open(preview.token), 410);
  expect(revoked.data).toEqual({ found: false });
  expectPrivateHeaders(revoked.headers);

  const malformed = expectData<Loaded>(await open("not-a-token"), 404);
  expect(malformed.data).toEqual({ found: false });
  expectPrivateHeaders(malformed.headers);
  expect((await db().pressPreview.findUniqueOrThrow({ where: { id: preview.id } })).openCount).toBe(0);
});

test("an expired link answers 410", async () => {
  const { preview } = await revealedWithPreview();
  await db().pressPreview.update({ where: { id: preview.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expectData<Loaded>(await open(preview.token), 410);
});

test("after publication the link redirects (302) to the public page", async () => {
  const { letter, preview } = await revealedWithPreview();
  await db().letter.update({
    where: { id: letter.id },
    data: {
      status: "PUBLISHED",
      publicSlug: "cancel-the-contract",
      publishedAt: new Date(),
      publishedSnapshot: JSON.stringify(await buildSnapshot(letter.id, new Date())),
    },
  });
  const { response } = expectRedirect(await open(preview.token), "/letters/cancel-the-contract");
  expect(response.status).toBe(302);
  expectPrivateHeaders(response.headers);
});

test("the PDF download: the letter as it stands, private headers, not counted again; gone with the link; public after publication", async () => {
  const { organizer, letter, preview } = await revealedWithPreview();
  const pdf = (await call(pdfLoader, get(`/press/${preview.token}/letter.pdf`), { params: { token: preview.token } })) as Response;
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
  expect(pdf.headers.get("Content-Disposition")).toContain("attachment");
  expectPrivateHeaders(pdf.headers);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.toString("latin1")).not.toContain(preview.token.split(".")[1]);
  expect((await db().pressPreview.findUniqueOrThrow({ where: { id: preview.id } })).openCount).toBe(0);

  await db().letter.update({
    where: { id: letter.id },
    data: {
      status: "PUBLISHED",
      publicSlug: "pdf-letter",
      publishedAt: new Date(),
      publishedSnapshot: JSON.stringify(await buildSnapshot(letter.id, new Date())),
    },
  });
  expectRedirect(
    await call(pdfLoader, get(`/press/${preview.token}/letter.pdf`), { params: { token: preview.token } }),
    "/letters/pdf-letter/letter.pdf",
  );

  await revokePreview(organizer.id, preview.id);
  const gone = (await call(pdfLoader, get(`/press/${preview.token}/letter.pdf`), { params: { token: preview.token } })) as Response;
  expect(gone.status).toBe(410);
  expectPrivateHeaders(gone.headers);
  const malformed = (await call(pdfLoader, get("/press/x/letter.pdf"), { params: { token: "x" } })) as Response;
  expect(malformed.status).toBe(404);
});
