// The cooling-off period (decision 020): the threshold met starts it, a withdrawal
// below the threshold undoes it, crossing again starts a full new one, and its end
// unseals exactly once, however many signers and job runners act at the same time.
// Runs on SQLite (npm test) and PostgreSQL (npm run test:postgres).
import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { expireIfDue } from "~/domain/letters/close-letter.server";
import { endCoolingOffIfDue, endDueCoolingOffs, sendCoolingOffNotices } from "~/domain/letters/cooling-off.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { coolingOffEnd } from "~/domain/letters/lifecycle";
import { viewReceipt, withdrawSignature } from "~/domain/letters/receipt.server";
import { sendRevealNotices } from "~/domain/letters/reveal-notices.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { callTrustees } from "~/domain/trustees/call-trustees.server";
import { openedLetter, signAs, verifiedSigner } from "../support/letters";
import { queuedMail } from "../support/mail";
import { openedTrusteeLetter } from "../support/trustees";

const HOUR = 60 * 60_000;
const row = (id: string) => db().letter.findUniqueOrThrow({ where: { id } });
const audits = async (letterId: string, kind: string) => db().auditEvent.count({ where: { letterId, kind } });
let hoursAhead = 0;
/** The next count batch (later each time: batches are claimed per boundary), then the notices it lets out. */
async function nextBatchAndNotices() {
  await publishCountBatches(new Date(Date.now() + ++hoursAhead * HOUR));
  await sendCoolingOffNotices();
}

test("the crossing starts the period: names sealed until its end (on the hour), signatures and withdrawals still taken", async () => {
  const { letter } = await openedLetter({ threshold: 5, coolingOffHours: 48 });
  const before = new Date();
  const signed = [];
  for (let i = 0; i < 5; i++) signed.push(await signAs(letter, `c${i}@microsoft.com`));
  const after = new Date();
  expect(signed.map((s) => s.revealed)).toEqual([false, false, false, false, false]);
  const crossed = await row(letter.id);
  expect(crossed.status).toBe("COOLING_OFF");
  expect(crossed.revealedAt).toBeNull();
  // The crossing's hour rounded up, plus 48 hours.
  expect([coolingOffEnd(before, 48).getTime(), coolingOffEnd(after, 48).getTime()]).toContain(crossed.coolingOffEndsAt!.getTime());
  expect(crossed.coolingOffEndsAt!.getTime() % HOUR).toBe(0);
  expect(await audits(letter.id, "cooling-off-started")).toBe(1);
  expect(await audits(letter.id, "revealed")).toBe(0);
  // Not due yet: nothing moves, and the receipt shows no name.
  expect(await endCoolingOffIfDue(letter.id)).toBeNull();
  expect(await endDueCoolingOffs()).toBe(0);
  const receipt = await viewReceipt(signed[0]!.receiptToken);
  expect(receipt.identity).toBeNull();
  expect(receipt.canWithdraw).toBe(true);
  // A sixth signature is taken, and starts nothing new.
  await signAs(letter, "c5@microsoft.com");
  expect(await row(letter.id)).toMatchObject({ status: "COOLING_OFF", signatureCount: 6, coolingOffEndsAt: crossed.coolingOffEndsAt });
  expect(await audits(letter.id, "cooling-off-started")).toBe(1);
});

test("a withdrawal below the threshold goes back to OPEN; crossing again starts a new period; its end unseals once", async () => {
  const title = "Cooling, undone, again";
  const { organizer, letter } = await openedLetter({ threshold: 5, coolingOffHours: 24, title });
  const receipts = [];
  for (let i = 0; i < 5; i++) receipts.push((await signAs(letter, `w${i}@microsoft.com`)).receiptToken);
  const first = await row(letter.id);
  expect(first.status).toBe("COOLING_OFF");

  await withdrawSignature(receipts[0]!);
  const undone = await row(letter.id);
  expect(undone).toMatchObject({ status: "OPEN", signatureCount: 4, coolingOffEndsAt: null });
  expect(await audits(letter.id, "cooling-off-undone")).toBe(1);
  // The old end passing does nothing now.
  expect(await endCoolingOffIfDue(letter.id, new Date(first.coolingOffEndsAt!.getTime() + HOUR))).toBeNull();
  expect((await row(letter.id)).status).toBe("OPEN");

  // Crossing again: a full new period, from this crossing.
  const before = new Date();
  await signAs(letter, "w5@microsoft.com");
  const again = await row(letter.id);
  expect(again.status).toBe("COOLING_OFF");
  expect(again.coolingOffEndsAt!.getTime()).toBeGreaterThanOrEqual(coolingOffEnd(before, 24).getTime());
  expect(await audits(letter.id, "cooling-off-started")).toBe(2);

  // A decoy's withdrawal moves no count, and undoes nothing.
  const decoy = await signAs(letter, "W1+again@microsoft.com");
  await withdrawSignature(decoy.receiptToken);
  expect((await row(letter.id)).status).toBe("COOLING_OFF");

  // Over, but nobody told yet (no count batch has shown the period): nothing.
  const end = again.coolingOffEndsAt!;
  expect(await endCoolingOffIfDue(letter.id, end)).toBeNull();
  await nextBatchAndNotices();
  expect((await row(letter.id)).coolingOffNoticesAt).not.toBeNull();
  // A minute early: nothing. At the end, two runners and a page read at once: one reveal.
  expect(await endCoolingOffIfDue(letter.id, new Date(end.getTime() - 60_000))).toBeNull();
  const ran = await Promise.all([endDueCoolingOffs(end), endDueCoolingOffs(end), endCoolingOffIfDue(letter.id, end)]);
  expect(ran.filter((r) => r === 1 || r === "REVEALED")).toHaveLength(1);
  const revealed = await row(letter.id);
  expect(revealed).toMatchObject({ status: "REVEALED", signatureCount: 5, coolingOffEndsAt: null });
  expect(revealed.revealedAt).toEqual(end);
  expect(await audits(letter.id, "revealed")).toBe(1);
  expect(await endDueCoolingOffs(new Date(end.getTime() + HOUR))).toBe(0);
  // The reveal notices follow as they always did, once.
  await Promise.all([sendRevealNotices(), sendRevealNotices()]);
  await sendRevealNotices();
  const revealNotices = (await queuedMail({ kind: "letter-revealed" })).filter((m) => m.subject.includes(title));
  expect(revealNotices.map((m) => m.to)).toEqual([organizer.email]);
});

test("no cooling-off period (0 hours): the crossing reveals at once, as before", async () => {
  const { letter } = await openedLetter({ threshold: 5, coolingOffHours: 0 });
  for (let i = 0; i < 4; i++) await signAs(letter, `z${i}@microsoft.com`);
  expect(await signAs(letter, "z4@microsoft.com")).toMatchObject({ revealed: true });
  expect(await row(letter.id)).toMatchObject({ status: "REVEALED", coolingOffEndsAt: null });
  expect(await audits(letter.id, "cooling-off-started")).toBe(0);
});

test("the deadline passing during the period expires nothing; a withdrawal after it goes back to OPEN, and the letter then expires", async () => {
  const past = new Date(Date.now() - HOUR);
  // Ends in its period: revealed at the end although the deadline has passed.
  const kept = await openedLetter({ threshold: 5, coolingOffHours: 24 });
  for (let i = 0; i < 5; i++) await signAs(kept.letter, `k${i}@microsoft.com`);
  await db().letter.update({ where: { id: kept.letter.id }, data: { deadline: past } });
  expect(await expireIfDue(kept.letter.id)).toBe(false);
  expect((await row(kept.letter.id)).status).toBe("COOLING_OFF");
  const end = (await row(kept.letter.id)).coolingOffEndsAt!;
  await nextBatchAndNotices();
  expect(await endCoolingOffIfDue(kept.letter.id, end)).toBe("REVEALED");

  // Falls below after the deadline: back to OPEN, then expired like any open letter past it.
  const lost = await openedLetter({ threshold: 5, coolingOffHours: 24 });
  const receipts = [];
  for (let i = 0; i < 5; i++)
    receipts.push((await signAs(lost.letter, `l${i}@microsoft.com`, { contactEmail: `l${i}@home.example` })).receiptToken);
  await db().letter.update({ where: { id: lost.letter.id }, data: { deadline: past } });
  expect(await expireIfDue(lost.letter.id)).toBe(false);
  await withdrawSignature(receipts[0]!);
  expect((await row(lost.letter.id)).status).toBe("OPEN");
  // The next reader (here a receipt) or the job expires it: sealed data destroyed.
  await expect(viewReceipt(receipts[1]!)).rejects.toThrow();
  const expired = await row(lost.letter.id);
  expect(expired.status).toBe("EXPIRED");
  expect(expired.wrappedDataKey).toBeNull();
  expect(await db().signature.count({ where: { letterId: lost.letter.id } })).toBe(0);
  expect(await endCoolingOffIfDue(lost.letter.id, new Date(Date.now() + 400 * HOUR))).toBeNull();
});

test("cancelling during the period destroys the sealed names; the end then does nothing", async () => {
  const { organizer, letter } = await openedLetter({ threshold: 5, coolingOffHours: 72 });
  for (let i = 0; i < 5; i++) await signAs(letter, `x${i}@microsoft.com`);
  const { cancelLetter } = await import("~/domain/letters/close-letter.server");
  await cancelLetter(organizer.id, letter.id);
  const cancelled = await row(letter.id);
  expect(cancelled.status).toBe("CANCELLED");
  expect(cancelled.wrappedDataKey).toBeNull();
  expect(await endCoolingOffIfDue(letter.id, new Date(Date.now() + 100 * HOUR))).toBeNull();
});

test("a letter with trustees: cooling off first, then AWAITING_TRUSTEES, and only then are the trustees called", async () => {
  const { letter } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5, coolingOffHours: 24 });
  for (let i = 0; i < 5; i++) await signAs(letter, `t${i}@microsoft.com`);
  const cooling = await row(letter.id);
  expect(cooling.status).toBe("COOLING_OFF");
  await callTrustees();
  expect((await row(letter.id)).trusteesCalledAt).toBeNull();
  await nextBatchAndNotices();
  expect(await endCoolingOffIfDue(letter.id, cooling.coolingOffEndsAt!)).toBe("AWAITING_TRUSTEES");
  const waiting = await row(letter.id);
  expect(waiting).toMatchObject({ status: "AWAITING_TRUSTEES", revealedAt: null, coolingOffEndsAt: null });
  expect(await audits(letter.id, "threshold-met")).toBe(1);
  expect(await audits(letter.id, "revealed")).toBe(0);
  await callTrustees();
  expect((await row(letter.id)).trusteesCalledAt).not.toBeNull();
  await sendRevealNotices();
  expect((await row(letter.id)).revealNoticesAt).toBeNull();
});

test("notices: once the count batch shows the period, organizers and contact addresses (decoys too) once; nobody without one; a new period tells the organizers only", async () => {
  const title = "Cooling notices";
  const { organizer, letter } = await openedLetter({ threshold: 5, coolingOffHours: 48, title });
  const mine = async () => (await queuedMail({ kind: "letter-cooling-off" })).filter((m) => m.subject.includes(title));
  const receipts = [];
  for (let i = 0; i < 5; i++)
    receipts.push((await signAs(letter, `n${i}@microsoft.com`, { contactEmail: i < 2 ? `n${i}@home.example` : null })).receiptToken);
  // A duplicate of n4 (a decoy receipt) leaves a contact address: it hears what a signature hears (decision 010).
  await signAs(letter, "N4@microsoft.com", { contactEmail: "n4.again@home.example" });
  const crossed = await row(letter.id);
  expect(crossed.status).toBe("COOLING_OFF");

  // Not before the count batch shows it: a mail must not tell the crossing sooner than the pages.
  await sendCoolingOffNotices();
  expect(await mine()).toEqual([]);
  await publishCountBatches(new Date(Date.now() + ++hoursAhead * HOUR));
  expect((await row(letter.id)).batchedCoolingOffEndsAt).toEqual(crossed.coolingOffEndsAt);
  await Promise.all([sendCoolingOffNotices(), sendCoolingOffNotices()]);
  await sendCoolingOffNotices();
  const firstRound = await mine();
  expect(firstRound.map((m) => m.to).sort()).toEqual(
    [organizer.email, "n0@home.example", "n1@home.example", "n4.again@home.example"].sort(),
  );
  for (const m of firstRound) {
    expect(m.text).toContain("withdraw");
    expect(m.text).toContain(crossed.coolingOffEndsAt!.toISOString().slice(11, 16));
    expect(m.text).not.toContain("microsoft.com");
  }
  expect(firstRound.find((m) => m.to === organizer.email)!.text).toContain(`/my/letters/${letter.id}`);
  expect(firstRound.find((m) => m.to === "n0@home.example")!.text).not.toContain("/my/letters/");

  // Below, then over again: a new period, told to the organizers only.
  await withdrawSignature(receipts[2]!);
  expect((await row(letter.id)).status).toBe("OPEN");
  await publishCountBatches(new Date(Date.now() + ++hoursAhead * HOUR));
  expect((await row(letter.id)).batchedCoolingOffEndsAt).toBeNull();
  await signAs(letter, "n9@microsoft.com", { contactEmail: "n9@home.example" });
  await sendCoolingOffNotices();
  expect(await mine()).toHaveLength(firstRound.length);
  await nextBatchAndNotices();
  await sendCoolingOffNotices();
  const secondRound = (await mine()).filter((m) => !firstRound.some((f) => f.id === m.id));
  expect(secondRound.map((m) => m.to)).toEqual([organizer.email]);
});

test("20 signers and two job runners at once across the crossing, then at the end: one crossing, one reveal, the exact count", async () => {
  const { letter } = await openedLetter({ threshold: 10, coolingOffHours: 24 });
  for (let i = 0; i < 8; i++) await signAs(letter, `early${i}@microsoft.com`);
  const tokens = [];
  for (let i = 0; i < 20; i++) tokens.push(await verifiedSigner(letter, `rush${i}@github.com`, `192.0.2.${i}`));
  const runner = () => Promise.all([endDueCoolingOffs(), sendCoolingOffNotices(), publishCountBatches()]);
  const sign = (token: string, i: number) =>
    signLetter(token, letter.id, { publicLine: null, name: `Rusher ${i}`, title: null, contactEmail: null });
  const results = await Promise.allSettled([...tokens.map(sign), runner(), runner()]);
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  const crossed = await row(letter.id);
  expect(crossed).toMatchObject({ status: "COOLING_OFF", signatureCount: 28 });
  expect(await audits(letter.id, "cooling-off-started")).toBe(1);
  expect(await audits(letter.id, "revealed")).toBe(0);

  // At the end (the notices out): 20 more signers and two runners at once.
  await nextBatchAndNotices();
  const end = crossed.coolingOffEndsAt!;
  const more = [];
  for (let i = 0; i < 20; i++) more.push(await verifiedSigner(letter, `late${i}@github.com`, `192.0.2.${100 + i}`));
  const atEnd = await Promise.allSettled([
    ...more.map((token, i) => sign(token, 100 + i)),
    endDueCoolingOffs(end),
    endDueCoolingOffs(end),
    sendRevealNotices(),
  ]);
  expect(atEnd.filter((r) => r.status === "rejected")).toEqual([]);
  const revealed = await row(letter.id);
  expect(revealed).toMatchObject({ status: "REVEALED", signatureCount: 48 });
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(48);
  expect(await audits(letter.id, "revealed")).toBe(1);
  expect(await audits(letter.id, "cooling-off-started")).toBe(1);
});
