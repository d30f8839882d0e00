// The press preview's PDF (finding 14): rendered once per state of the letter and
// reused, and rendered on the PDF thread, so the event loop keeps serving others.
import { expect, test } from "vitest";
import { createPreview } from "~/domain/press/previews.server";
import { pdfRenderCount } from "~/publishing/formats/pdf-thread.server";
import { letterPdf } from "~/publishing/formats/pdf.server";
import { buildSnapshot } from "~/domain/letters/public-record.server";
import { loader as healthz } from "~/routes/healthz";
import { loader as pdfLoader } from "~/routes/press.$token.letter[.]pdf";
import { openedLetter, signAs } from "../support/letters";
import { call, get } from "./support";

const DAY_MS = 24 * 60 * 60_000;

async function revealedWithPreview(prefix: string) {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  for (let i = 0; i < 5; i++) await signAs(letter, `${prefix}.signer${i}@microsoft.com`, { name: `Signer ${i}` });
  const preview = await createPreview(organizer.id, letter.id, {
    label: "Jane Doe, The Example Times",
    embargoUntil: new Date(Date.now() + 3 * DAY_MS),
    expiresInDays: 7,
  });
  return { letter, preview };
}

const download = async (token: string) => {
  const response = (await call(pdfLoader, get(`/press/${token}/letter.pdf`), { params: { token } })) as Response;
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};

test("a preview PDF is rendered once per state of the letter: repeat and concurrent downloads reuse it", async () => {
  const { letter, preview } = await revealedWithPreview("reuse");
  const before = pdfRenderCount();
  const first = await download(preview.token);
  const [second, third] = await Promise.all([download(preview.token), download(preview.token)]);
  expect(pdfRenderCount() - before).toBe(1);
  expect(second.equals(first) && third.equals(first)).toBe(true);

  // A new signature changes what the preview shows: the next download is rendered afresh.
  await signAs(letter, "reuse.late@microsoft.com", { name: "Late Signer" });
  const after = await download(preview.token);
  expect(pdfRenderCount() - before).toBe(2);
  expect(after.equals(first)).toBe(false);
});

test("the thread's PDF is the one letterPdf makes", async () => {
  const { letter, preview } = await revealedWithPreview("same");
  const bytes = await download(preview.token);
  const inline = await letterPdf(await buildSnapshot(letter.id), "http://localhost:3000");
  expect(bytes.equals(Buffer.from(inline))).toBe(true);
});

test("while a long PDF renders, the event loop keeps turning and /healthz answers", async () => {
  // A long letter: a long body and 1,500 names, which pdfkit lays out synchronously.
  const { letter } = await revealedWithPreview("long");
  const snapshot = await buildSnapshot(letter.id);
  snapshot.body = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: we ask you to **reconsider** the contract.`).join("\n\n");
  snapshot.signatories = Array.from({ length: 1500 }, (_, i) => ({
    name: `Signatory ${i}`,
    title: "Engineer",
    publicLine: `Team ${i % 40}`,
  }));
  const { renderFormat } = await import("~/publishing/formats/registry.server");

  const events: string[] = [];
  const rendering = renderFormat("pdf", snapshot, "http://localhost:3000").then(() => events.push("pdf done"));
  // Turns of the event loop while the PDF renders. On the event loop itself, the
  // render would get through in a few dozen turns (it yields between batches of
  // names); on its own thread, the loop spins freely in the meantime.
  let turns = 0;
  const spinning = (async () => {
    while (turns < 2_000) {
      await new Promise((resolve) => setImmediate(resolve));
      turns += 1;
    }
    events.push("2000 turns");
  })();
  const health = (async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    events.push("healthz");
  })();
  await Promise.all([rendering, spinning, health]);
  expect(events.indexOf("2000 turns")).toBeLessThan(events.indexOf("pdf done"));
  expect(events.indexOf("healthz")).toBeLessThan(events.indexOf("pdf done"));
});
