import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { withdrawSignature } from "~/domain/letters/receipt.server";
import { viewDashboard, viewLetterBySlug } from "~/domain/letters/view-letter.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import { openedLetter, signAs } from "../support/letters";

const HOUR = 60 * 60_000;

test("the shown count, the listed lines and the audit trail move only at batch boundaries, without counts", async () => {
  const { organizer, letter } = await openedLetter({ threshold: 50 });
  const receipts = [];
  for (let i = 0; i < 7; i++) receipts.push((await signAs(letter, `p${i}@microsoft.com`, { publicLine: `Team ${i}` })).receiptToken);

  const slug = privateSlug(letter.id);
  let page = await viewLetterBySlug(slug);
  expect(page!.count).toBe(0);
  expect(page!.publicLines).toEqual([]);
  let dashboard = await viewDashboard(organizer.id, letter.id);
  expect(dashboard.count).toBe(0);
  expect(dashboard.audit.map((a) => a.kind)).not.toContain("signatures-added");

  // The next boundary lists them all at once.
  const nextHour = new Date(Date.now() + HOUR);
  expect(await publishCountBatches(nextHour)).toBe(1);
  expect(await publishCountBatches(nextHour)).toBe(0);
  page = await viewLetterBySlug(slug);
  expect(page!.count).toBe(7);
  expect(page!.publicLines.sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Team ${i}`));
  dashboard = await viewDashboard(organizer.id, letter.id);
  const added = dashboard.audit.filter((a) => a.kind === "signatures-added");
  expect(added).toHaveLength(1);
  expect(added[0]!.detail).toBeNull();
  expect(new Date(added[0]!.createdAt).getUTCHours()).toBe(0);

  // A withdrawal shows only at the following boundary.
  await withdrawSignature(receipts[0]!);
  expect((await viewLetterBySlug(slug))!.count).toBe(7);
  await publishCountBatches(new Date(Date.now() + 2 * HOUR));
  expect((await viewLetterBySlug(slug))!.count).toBe(6);
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(6);
});

test("listing order is unrelated to signing order", async () => {
  const { letter } = await openedLetter({ threshold: 100 });
  for (let i = 0; i < 30; i++) await signAs(letter, `q${i}@microsoft.com`, { publicLine: `L${String(i).padStart(2, "0")}` });
  await publishCountBatches(new Date(Date.now() + HOUR));
  const lines = (await viewLetterBySlug(privateSlug(letter.id)))!.publicLines;
  expect(lines).toHaveLength(30);
  expect(lines).not.toEqual([...lines].sort());
});

test("below five nothing is listed and the trail stays still; a duplicate's line lists like any, and leaves like any", async () => {
  const { letter } = await openedLetter({ threshold: 50 });
  const slug = privateSlug(letter.id);
  for (let i = 0; i < 4; i++) await signAs(letter, `r${i}@microsoft.com`, { publicLine: `Role ${i}` });
  await publishCountBatches(new Date(Date.now() + HOUR));
  expect(await viewLetterBySlug(slug)).toMatchObject({ count: 0, publicLines: [] });
  expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: { startsWith: "signatures" } } })).toBe(0);
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).listedLines).toBeNull();

  // Decision 010: r0 signs again; the decoy counts nowhere, but its line is listed.
  const decoy = await signAs(letter, "R0+again@microsoft.com", { publicLine: "Role again" });
  await signAs(letter, "r4@microsoft.com", { publicLine: "Role 4" });
  await publishCountBatches(new Date(Date.now() + 2 * HOUR));
  let page = await viewLetterBySlug(slug);
  expect(page!.count).toBe(5);
  expect([...page!.publicLines].sort()).toEqual(["Role 0", "Role 1", "Role 2", "Role 3", "Role 4", "Role again"]);

  await withdrawSignature(decoy.receiptToken);
  expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(0);
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(5);
  expect((await viewLetterBySlug(slug))!.publicLines).toHaveLength(6);
  await publishCountBatches(new Date(Date.now() + 3 * HOUR));
  page = await viewLetterBySlug(slug);
  expect(page!.count).toBe(5);
  expect([...page!.publicLines].sort()).toEqual(["Role 0", "Role 1", "Role 2", "Role 3", "Role 4"]);
});
