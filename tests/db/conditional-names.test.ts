// Conditional signatures (issue 16, decision 019) on both databases (this suite runs
// on SQLite and, through vitest.postgres.config.ts, on PostgreSQL): a signer's own
// bar, "name me only once N have signed", under the one rule in the one unseal
// path; publication destroys what the final count does not meet; a withdrawal can
// hide a name again; trustees release only met conditions, and a later release
// opens one met afterwards.
import { describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { publishedLetterBySlug } from "~/domain/letters/public-record.server";
import { viewReceipt, withdrawSignature } from "~/domain/letters/receipt.server";
import { readOwnIdentity, readRevealedSignatories } from "~/domain/letters/unseal.server";
import { viewDashboard, viewLetterBySlug } from "~/domain/letters/view-letter.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { finishRelease } from "~/domain/trustees/finish-release.server";
import { releaseShares } from "~/domain/trustees/release-shares.server";
import { stillSealed } from "~/domain/trustees/still-sealed.server";
import { AppError } from "~/errors";
import { openedLetter, signAs } from "../support/letters";
import {
  addTrusteeSealedSignatures,
  crossThreshold,
  openedSharesOf,
  openTrusteeLetter,
  type ReleaseTrustee,
} from "../support/trustee-release";

let n = 0;
const work = (who: string) => `${who}.${++n}@microsoft.com`;

const namesNow = async (letterId: string) => (await readRevealedSignatories(letterId)).signatories.map((s) => s.name).sort();
const rowOf = (id: string) =>
  db().signature.findUniqueOrThrow({ where: { id }, select: { id: true, sealedIdentity: true, identitySealing: true, nameAt: true } });
const idOf = (receiptToken: string) => receiptToken.split(".")[0]!;

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

test("threshold 5, conditions 5, 8 and 20: names at 5 and at 8, and publication at 12 destroys the 20-signer's", async () => {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  const signed: Record<string, string> = {};
  const sign = async (name: string, nameAt: number | null, email = work(name)) => {
    signed[name] = (await signAs(letter, email, { name, nameAt })).receiptToken;
  };
  await sign("Plain Ada", null);
  await sign("Plain Bo", null);
  await sign("Cond Five", 5);
  await sign("Cond Eight", 8);
  const twentyEmail = work("twenty");
  await sign("Cond Twenty", 20, twentyEmail);
  // The threshold's own number is no condition at all; the others are stored.
  expect((await rowOf(idOf(signed["Cond Five"]!))).nameAt).toBeNull();
  expect((await rowOf(idOf(signed["Cond Eight"]!))).nameAt).toBe(8);
  // The 20-signer's address again: a decoy receipt, which keeps its condition too (decision 010).
  const decoy = await signAs(letter, twentyEmail, { name: "Cond Twenty", nameAt: 20 });
  const decoyRow = await db().decoyReceipt.findUniqueOrThrow({ where: { id: idOf(decoy.receiptToken) } });
  expect(decoyRow.nameAt).toBe(20);

  // At 5: revealed; only the plain ones and the 5-condition are readable.
  const at5 = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(at5.status).toBe("REVEALED");
  expect(at5.signatureCount).toBe(5);
  expect(await namesNow(letter.id)).toEqual(["Cond Five", "Plain Ada", "Plain Bo"]);
  expect((await readRevealedSignatories(letter.id)).unnamed.count).toBe(2);
  const dashboard = await viewDashboard(organizer.id, letter.id);
  expect(dashboard.unnamedCount).toBe(2);
  expect(JSON.stringify(dashboard)).not.toContain("Cond Eight");
  expect(await readOwnIdentity(letter.id, await rowOf(idOf(signed["Cond Eight"]!)))).toBeNull();
  expect((await viewReceipt(signed["Cond Eight"]!)).identity).toBeNull();

  // At 8: the 8-condition is met.
  for (const name of ["Plain Cy", "Plain Di", "Plain Ed"]) await sign(name, null);
  expect(await namesNow(letter.id)).toContain("Cond Eight");
  expect((await readRevealedSignatories(letter.id)).unnamed.count).toBe(1);
  expect((await viewReceipt(signed["Cond Eight"]!)).identity).toEqual({ name: "Cond Eight", title: null });
  expect((await viewReceipt(signed["Cond Twenty"]!)).identity).toBeNull();

  // Publication at 12: the 20-signer is counted, never named, and its sealed identity is gone (its decoy's too).
  for (const name of ["Plain Fa", "Plain Gu", "Plain Ha", "Plain Io"]) await sign(name, null);
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).signatureCount).toBe(12);
  const { publicSlug } = await publishLetter(organizer.id, letter.id);
  const twenty = await rowOf(idOf(signed["Cond Twenty"]!));
  expect(twenty.sealedIdentity).toBeNull();
  expect(twenty.nameAt).toBe(20);
  expect((await db().decoyReceipt.findUniqueOrThrow({ where: { id: decoyRow.id } })).sealedIdentity).toBeNull();
  // Every met one keeps its sealed identity.
  expect(await db().signature.count({ where: { letterId: letter.id, sealedIdentity: { not: null } } })).toBe(11);
  const record = (await publishedLetterBySlug(publicSlug))!;
  expect(record.snapshot.count).toBe(11);
  expect(record.snapshot.unnamed).toMatchObject({
    count: 1,
    statement: "And 1 more verified signatory who asked to be named only once more had signed.",
  });
  expect(record.snapshot.signatories.map((s) => s.name)).toContain("Cond Eight");
  const stored = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(stored.publishedSnapshot).not.toContain("Cond Twenty");
  expect(await readOwnIdentity(letter.id, twenty)).toBeNull();
  expect((await viewReceipt(signed["Cond Twenty"]!)).identity).toBeNull();
  expect(await namesNow(letter.id)).not.toContain("Cond Twenty");
  // The receipt says the condition the same way for the signature and its decoy.
  expect((await viewReceipt(signed["Cond Twenty"]!)).nameAt).toBe(20);
  expect((await viewReceipt(decoy.receiptToken)).nameAt).toBe(20);
});

test("a withdrawal before publication that makes a met condition unmet hides that name again", async () => {
  const { organizer, letter } = await openedLetter({ threshold: 5 });
  const plain = [];
  for (let i = 0; i < 5; i++) plain.push((await signAs(letter, work("w"), { name: `Plain ${i}` })).receiptToken);
  const six = await signAs(letter, work("six"), { name: "Cond Six", nameAt: 6 });
  expect(await namesNow(letter.id)).toContain("Cond Six");
  expect((await viewReceipt(six.receiptToken)).identity).toEqual({ name: "Cond Six", title: null });

  await withdrawSignature(plain[0]!);
  expect(await namesNow(letter.id)).not.toContain("Cond Six");
  expect((await readRevealedSignatories(letter.id)).unnamed.count).toBe(1);
  expect((await viewReceipt(six.receiptToken)).identity).toBeNull();
  expect((await viewDashboard(organizer.id, letter.id)).unnamedCount).toBe(1);

  // Published at 5: destroyed, counted.
  const { publicSlug } = await publishLetter(organizer.id, letter.id);
  expect((await rowOf(idOf(six.receiptToken))).sealedIdentity).toBeNull();
  expect((await publishedLetterBySlug(publicSlug))!.snapshot.unnamed?.count).toBe(1);
});

test("a condition below the letter's threshold or above 1,000,000 is refused, nothing stored", async () => {
  const { letter } = await openedLetter({ threshold: 5 });
  for (const nameAt of [4, 1, 1_000_001]) {
    const refused = await errorOf(signAs(letter, work("bad"), { name: "Bad", nameAt }));
    expect(refused.code).toBe("invalid-signature");
  }
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(0);
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).signatureCount).toBe(0);
  await signAs(letter, work("top"), { name: "Top", nameAt: 1_000_000 });
  expect(await db().signature.findFirstOrThrow({ where: { letterId: letter.id }, select: { nameAt: true } })).toEqual({
    nameAt: 1_000_000,
  });
});

describe("a letter with trustees", () => {
  async function release(trustee: ReleaseTrustee, letterId: string) {
    const shares = await openedSharesOf(trustee, letterId);
    if (shares.length > 0) await releaseShares(trustee.token, shares);
    return { shares: shares.length, finished: await finishRelease(trustee.token) };
  }

  test("a release covers only met conditions; a later release opens one met afterwards; publication destroys the unmet", async () => {
    const { organizer, letterId, trustees } = await openTrusteeLetter({ n: 3, k: 2, threshold: 3 });
    await addTrusteeSealedSignatures(letterId, 3, "Plain");
    const [five] = await addTrusteeSealedSignatures(letterId, 1, "Five");
    const [nine] = await addTrusteeSealedSignatures(letterId, 1, "Nine");
    await db().signature.update({ where: { id: five!.id }, data: { nameAt: 5 } });
    await db().signature.update({ where: { id: nine!.id }, data: { nameAt: 9 } });
    // Count 5: the 5-condition is met, the 9-condition is not.
    await db().letter.update({ where: { id: letterId }, data: { signatureCount: 3 } });
    await crossThreshold(letterId);
    // At 3 (as if the conditional ones were counted later): only the 3 plain ones are covered.
    expect((await release(trustees[0]!, letterId)).shares).toBe(3);
    await db().letter.update({ where: { id: letterId }, data: { signatureCount: 5 } });
    // At 5: the 5-condition is covered now, the 9-condition never was.
    expect((await release(trustees[1]!, letterId)).finished).toMatchObject({ revealed: true });
    expect((await rowOf(nine!.id)).identitySealing).toBe(IdentitySealing.TRUSTEES);
    expect(await db().trusteeShare.count({ where: { signatureId: nine!.id } })).toBe(0);
    // The first trustee's shares did not cover the 5-condition: it waits for a top-up.
    expect(await stillSealed(letterId)).toEqual({ waiting: 1, unopenable: 0 });
    expect((await release(trustees[0]!, letterId)).finished).toMatchObject({ outcome: "topped-up", opened: 1 });
    expect(await namesNow(letterId)).toEqual(expect.arrayContaining([five!.name]));
    expect(await namesNow(letterId)).not.toContain(nine!.name);
    expect(await stillSealed(letterId)).toEqual({ waiting: 0, unopenable: 0 });

    // The count reaches 9: the 9-condition now waits for a release again, and holds publication back.
    await addTrusteeSealedSignatures(letterId, 4, "Late");
    expect((await stillSealed(letterId)).waiting).toBe(5);
    expect((await errorOf(publishLetter(organizer.id, letterId))).code).toBe("publish-still-sealed");
    await release(trustees[0]!, letterId);
    await release(trustees[1]!, letterId);
    expect(await namesNow(letterId)).toContain(nine!.name);
  });

  test("an unmet trustee-sealed signature neither holds publication back nor survives it", async () => {
    const { organizer, letterId, trustees } = await openTrusteeLetter({ n: 3, k: 2, threshold: 3 });
    await addTrusteeSealedSignatures(letterId, 3, "Plain");
    const [far] = await addTrusteeSealedSignatures(letterId, 1, "Far");
    await db().signature.update({ where: { id: far!.id }, data: { nameAt: 50 } });
    await crossThreshold(letterId);
    await release(trustees[0]!, letterId);
    await release(trustees[1]!, letterId);
    expect(await stillSealed(letterId)).toEqual({ waiting: 0, unopenable: 0 });
    const { publicSlug } = await publishLetter(organizer.id, letterId);
    expect((await rowOf(far!.id)).sealedIdentity).toBeNull();
    const record = (await publishedLetterBySlug(publicSlug))!;
    expect(record.snapshot.unnamed?.count).toBe(1);
    expect(JSON.stringify(record.snapshot)).not.toContain(far!.name);
  });
});

test("past the reveal, the letter page counts teams of the named only: the unnamed's cannot be had by subtraction", async () => {
  const { organizer, letter } = await openedLetter({ threshold: 5, teams: ["Azure", "Research"] });
  for (let i = 0; i < 6; i++) await signAs(letter, work("azure"), { name: `Azure ${i}`, team: 0 });
  for (let i = 0; i < 5; i++) await signAs(letter, work("none"), { name: `None ${i}` });
  // Every Research signer asked to be named only at 100.
  for (let i = 0; i < 5; i++) await signAs(letter, work("research"), { name: `Researcher ${i}`, team: 1, nameAt: 100 });
  const page = await viewLetterBySlug(privateSlug(letter.id));
  // Counting every signature would show Research 5 beside a list with no Researcher:
  // 5 unnamed Researchers by subtraction. The named alone are [6, 0, 5].
  expect(page!.teamCounts).toEqual([
    { team: "Azure", count: 6 },
    { team: "Research", count: null },
    { team: null, count: null },
  ]);
  const { publicSlug } = await publishLetter(organizer.id, letter.id);
  const record = (await publishedLetterBySlug(publicSlug))!.snapshot;
  expect(record.signatories.filter((s) => s.team === "Research")).toEqual([]);
  // Five unnamed, all of one team: no team count of theirs is shown (it would be every one of them).
  expect(record.unnamed).toEqual({
    count: 5,
    statement: "And 5 more verified signatories who asked to be named only once more had signed.",
    teams: [
      { team: "Azure", count: null },
      { team: "Research", count: null },
      { team: null, count: null },
    ],
  });
  expect((await viewLetterBySlug(privateSlug(letter.id)))!.teamCounts).toEqual(page!.teamCounts);
});
