// Issue 13, finding 4 (DESIGN.md promise 4): before the reveal nothing a watcher can
// see counts 1–4 signatures, or shows the moment of a signature or a withdrawal:
// not the listed lines, not the loader data of the letter, signing or dashboard
// pages, not their HTML, not the feed, not the team counts (decision 018). Signatures are made the way signers make
// them (domain steps); everything is read back through the route modules.
import crypto from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { PublicLines } from "~/components/signer-letter";
import { StatusPanel } from "~/components/status-panel";
import { TeamCounts } from "~/components/team-counts";
import { db } from "~/db/client.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { withdrawSignature } from "~/domain/letters/receipt.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import * as letterRoute from "~/routes/l.$slug";
import * as signRoute from "~/routes/l.$slug.sign/route";
import * as dashboardRoute from "~/routes/my.letters.$id._index/route";
import * as feedRoute from "~/routes/letters[.]atom";
import * as receiptRoute from "~/routes/receipt.$token";
import { sendCoolingOffNotices } from "~/domain/letters/cooling-off.server";
import { formatUtcMoment } from "~/lib/dates";
import { queuedMail } from "../support/mail";
import { draftInput, signAs } from "../support/letters";
import { call, createVerifiedUser, get } from "./support";

const HOUR = 60 * 60_000;
let hoursAhead = 0;
/** The next batch boundary, later each time (batches are claimed per boundary). */
const nextBatch = () => publishCountBatches(new Date(Date.now() + ++hoursAhead * HOUR));

const TEAMS = ["Azure", "Bing", "Research"];

async function openWithOrganizer(threshold: number, teams: string[] = TEAMS, coolingOffHours = 0) {
  const organizer = await createVerifiedUser();
  const draft = await createDraft(organizer.user.id, draftInput({ threshold, teams, coolingOffHours }));
  await openLetter(organizer.user, draft.id);
  const letter = await db().letter.findUniqueOrThrow({ where: { id: draft.id } });
  return { cookie: organizer.cookie, letter, slug: privateSlug(letter.id) };
}

/** Everything a watcher (and an organizer) can read of the letter, as it would reach them. */
async function everythingShown(slug: string, letterId: string, cookie: string) {
  const letterPage = (await call(letterRoute.loader, get(`/l/${slug}`), { params: { slug } })) as Awaited<
    ReturnType<typeof letterRoute.loader>
  >;
  const signPage = await call(signRoute.loader, get(`/l/${slug}/sign`), { params: { slug } });
  const dashboard = (await call(dashboardRoute.loader, get(`/my/letters/${letterId}`, { cookie }), {
    params: { id: letterId },
  })) as Awaited<ReturnType<typeof dashboardRoute.loader>>;
  const feed = (await call(feedRoute.loader, get("/letters.atom"))) as Response;
  const { letter } = letterPage;
  const html = renderToStaticMarkup(
    createElement(
      "div",
      null,
      createElement(StatusPanel, { letter, audience: "signer" }),
      createElement(PublicLines, { lines: letter.publicLines, countBatch: letter.countBatch }),
      letter.teamCounts ? createElement(TeamCounts, { lines: letter.teamCounts }) : null,
    ),
  );
  return { letterPage, signPage, dashboard: { letter: dashboard.letter, audit: dashboard.audit }, html, feed: await feed.text() };
}

test("one to four signatures, before and after their batches, change nothing that is shown", async () => {
  const { cookie, letter, slug } = await openWithOrganizer(50);
  await nextBatch();
  const none = await everythingShown(slug, letter.id, cookie);
  expect(none.letterPage.letter).toMatchObject({ count: 0, publicLines: [], teamCounts: null });

  for (let k = 1; k <= 4; k++) {
    // All in one team: its count would be the total's.
    await signAs(letter, `leak${k}.${crypto.randomBytes(3).toString("hex")}@microsoft.com`, { publicLine: `Team ${k}`, team: 1 });
    expect(await everythingShown(slug, letter.id, cookie), `${k} signed, before the batch`).toEqual(none);
    await nextBatch();
    expect(await everythingShown(slug, letter.id, cookie), `${k} signed, after the batch`).toEqual(none);
  }
  // Nor does the audit trail behind the dashboard know of them yet (it would show them the next day).
  expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: { startsWith: "signatures" } } })).toBe(0);

  // The fifth shows everything at the next batch, in one step.
  await signAs(letter, `leak5.${crypto.randomBytes(3).toString("hex")}@microsoft.com`, { publicLine: "Team 5" });
  expect(await everythingShown(slug, letter.id, cookie)).toEqual(none);
  await nextBatch();
  const shown = await everythingShown(slug, letter.id, cookie);
  expect(shown.letterPage.letter.count).toBe(5);
  expect([...shown.letterPage.letter.publicLines].sort()).toEqual(["Team 1", "Team 2", "Team 3", "Team 4", "Team 5"]);
  expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "signatures-added" } })).toBe(1);
});

test("at five or more, a withdrawal deletes the row at once but leaves the lines and count until the next batch", async () => {
  const { cookie, letter, slug } = await openWithOrganizer(50);
  const receipts: string[] = [];
  for (let k = 0; k < 6; k++) {
    receipts.push(
      (await signAs(letter, `wd${k}.${crypto.randomBytes(3).toString("hex")}@microsoft.com`, { publicLine: `Line ${k}` })).receiptToken,
    );
  }
  await nextBatch();
  const before = await everythingShown(slug, letter.id, cookie);
  expect(before.letterPage.letter.count).toBe(6);
  expect(before.letterPage.letter.publicLines).toHaveLength(6);

  await withdrawSignature(receipts[0]!);
  // Promise 6: the row is gone now; promise 4: nobody sees it go until the batch.
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(5);
  expect(await everythingShown(slug, letter.id, cookie)).toEqual(before);

  await nextBatch();
  const after = await everythingShown(slug, letter.id, cookie);
  expect(after.letterPage.letter.count).toBe(5);
  expect([...after.letterPage.letter.publicLines].sort()).toEqual(["Line 1", "Line 2", "Line 3", "Line 4", "Line 5"]);

  // Down to four: the count says "fewer than 5" again and the list empties, at the batch.
  await withdrawSignature(receipts[1]!);
  expect(await everythingShown(slug, letter.id, cookie)).toEqual(after);
  await nextBatch();
  expect((await everythingShown(slug, letter.id, cookie)).letterPage.letter).toMatchObject({ count: 0, publicLines: [] });
});

test("one to four signatures in a team change no team count before their batch, and give none away after it", async () => {
  const { cookie, letter, slug } = await openWithOrganizer(100);
  const email = (what: string) => `${what}.${crypto.randomBytes(3).toString("hex")}@microsoft.com`;
  for (let k = 0; k < 9; k++) await signAs(letter, email(`azure${k}`), { team: 0 });
  for (let k = 0; k < 6; k++) await signAs(letter, email(`research${k}`), { team: 2 });
  for (let k = 0; k < 7; k++) await signAs(letter, email(`none${k}`), { team: null });
  await nextBatch();
  const before = await everythingShown(slug, letter.id, cookie);
  expect(before.letterPage.letter.count).toBe(22);
  // Bing (0) is hidden, and the next smallest with it, so that 22 − shown gives no single team away.
  expect(before.letterPage.letter.teamCounts).toEqual([
    { team: "Azure", count: 9 },
    { team: "Bing", count: null },
    { team: "Research", count: null },
    { team: null, count: 7 },
  ]);
  expect(before.html).toContain("not shown");

  const bing: string[] = [];
  for (let k = 1; k <= 4; k++) {
    bing.push((await signAs(letter, email(`bing${k}`), { team: 1 })).receiptToken);
    expect(await everythingShown(slug, letter.id, cookie), `${k} in Bing, before the batch`).toEqual(before);
  }
  // A duplicate's team changes nothing either (decision 010): the same address, another team.
  const first = email("dup");
  await signAs(letter, first, { team: 2 });
  await signAs(letter, first.replace("@", "+again@"), { team: 1 });
  await nextBatch();
  const after = await everythingShown(slug, letter.id, cookie);
  expect(after.letterPage.letter.count).toBe(27);
  const teams = after.letterPage.letter.teamCounts!;
  expect(teams.find((t) => t.team === "Bing")!.count).toBeNull();
  // What is hidden adds up to at least five and covers at least two groups.
  const hidden = teams.filter((t) => t.count === null);
  expect(hidden.length).toBeGreaterThanOrEqual(2);
  expect(27 - teams.reduce((sum, t) => sum + (t.count ?? 0), 0)).toBeGreaterThanOrEqual(5);
  expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(1);
});

test("the threshold met (a cooling-off period, decision 020) shows no sooner than the batched count, nor does a fall back below it", async () => {
  const title = `Cooling leak ${crypto.randomBytes(3).toString("hex")}`;
  const organizer = await createVerifiedUser();
  const draft = await createDraft(organizer.user.id, draftInput({ threshold: 6, coolingOffHours: 48, title }));
  await openLetter(organizer.user, draft.id);
  const letter = await db().letter.findUniqueOrThrow({ where: { id: draft.id } });
  const { cookie } = organizer;
  const slug = privateSlug(letter.id);
  const receiptShown = async (token: string) => {
    const loaded = (await call(receiptRoute.loader, get(`/receipt/${token}`), { params: { token } })) as { letter?: unknown };
    return loaded.letter;
  };
  const mailed = async () => (await queuedMail({ kind: "letter-cooling-off" })).filter((m) => m.subject.includes(title));
  const receipts: string[] = [];
  const sign = async (k: number) =>
    receipts.push(
      (await signAs(letter, `cool${k}.${crypto.randomBytes(3).toString("hex")}@microsoft.com`, { publicLine: `Cool ${k}` })).receiptToken,
    );
  for (let k = 0; k < 5; k++) await sign(k);
  await nextBatch();
  const before = await everythingShown(slug, letter.id, cookie);
  const receiptBefore = await receiptShown(receipts[0]!);
  expect(before.letterPage.letter).toMatchObject({ status: "OPEN", count: 5, coolingOffEndsAt: null });

  // The sixth meets the threshold: cooling off now, but nothing shown or mailed says so before the batch.
  await sign(5);
  const crossed = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(crossed.status).toBe("COOLING_OFF");
  expect(await everythingShown(slug, letter.id, cookie)).toEqual(before);
  expect(await receiptShown(receipts[0]!)).toEqual(receiptBefore);
  await sendCoolingOffNotices();
  expect(await mailed()).toEqual([]);

  // At the batch, every page says it in one step, with the end on the hour.
  await nextBatch();
  const end = crossed.coolingOffEndsAt!;
  expect(end.getTime() % HOUR).toBe(0);
  const cooling = await everythingShown(slug, letter.id, cookie);
  expect(cooling.letterPage.letter).toMatchObject({ status: "COOLING_OFF", count: 6, coolingOffEndsAt: end.toISOString() });
  expect(cooling.signPage).toMatchObject({ letter: { status: "COOLING_OFF", coolingOffEndsAt: end.toISOString() } });
  expect(cooling.dashboard.letter).toMatchObject({ status: "COOLING_OFF", coolingOffEndsAt: end.toISOString() });
  expect(await receiptShown(receipts[0]!)).toMatchObject({ status: "COOLING_OFF", coolingOffEndsAt: end.toISOString() });
  expect(cooling.html).toContain(`names stay sealed until <strong>${formatUtcMoment(end)}</strong>`);
  expect(cooling.html).toContain("goes back to collecting signatures");
  // The trail's crossing line waits for the day to be over, like the signature lines.
  expect(JSON.stringify(cooling.dashboard.audit)).not.toContain("cooling-off");
  await sendCoolingOffNotices();
  expect((await mailed()).length).toBeGreaterThan(0);

  // A withdrawal takes it back to OPEN at once; the pages show it only at the next batch.
  await withdrawSignature(receipts[1]!);
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("OPEN");
  expect(await everythingShown(slug, letter.id, cookie)).toEqual(cooling);
  expect(await receiptShown(receipts[0]!)).toMatchObject({ status: "COOLING_OFF" });
  await nextBatch();
  const back = await everythingShown(slug, letter.id, cookie);
  expect(back.letterPage.letter).toMatchObject({ status: "OPEN", count: 5, coolingOffEndsAt: null });
  expect(back.dashboard.letter).toMatchObject({ status: "OPEN", coolingOffEndsAt: null });
});
