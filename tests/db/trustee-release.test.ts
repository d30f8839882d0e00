// The trustees' release at the threshold (issue 15), on both databases: k − 1
// releases reveal nothing and k do; every refusal (a second release, a release
// before the threshold or after a refusal, shares of another letter, of another
// signature or trustee, altered ones) says why and changes nothing; the reveal
// happens once under concurrent finishes; signatures made in between wait for a
// top-up and hold publication back; cancellation destroys the shares and tells the
// trustees; and whoever holds the database, the KEK and k − 1 key files still
// reads no name, while k key files do.
import { describe, expect, test } from "vitest";
import { EnvelopeError, openKeyFile, openShares, openWithShares, shareFor } from "~/crypto/trustee";
import { unwrapDataKey, unwrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { readRevealedSignatories } from "~/domain/letters/unseal.server";
import { finishRelease } from "~/domain/trustees/finish-release.server";
import { refuseRelease } from "~/domain/trustees/refuse-release.server";
import { releaseProgress } from "~/domain/trustees/release-progress.server";
import { releaseShares } from "~/domain/trustees/release-shares.server";
import { revealReleasedLetters, revealWithShares } from "~/domain/trustees/reveal-with-shares.server";
import { releaseTotals, trusteeSharesToOpen } from "~/domain/trustees/trustee-shares-to-open.server";
import { errorOf } from "../support/factories";
import { queuedMail } from "../support/mail";
import {
  addTrusteeSealedSignatures,
  letterAwaitingTrustees,
  openedSharesOf,
  openTrusteeLetter,
  PASSPHRASE,
  type ReleaseTrustee,
} from "../support/trustee-release";

async function release(trustee: ReleaseTrustee, letterId: string) {
  const shares = await openedSharesOf(trustee, letterId);
  await releaseShares(trustee.token, shares);
  return finishRelease(trustee.token);
}

/** Everything a refusal must leave as it was. */
async function state(letterId: string) {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { status: true, revealedAt: true } });
  const trustees = await db().trustee.findMany({
    where: { letterId },
    orderBy: { position: "asc" },
    select: { releasedAt: true, refusedAt: true },
  });
  const shares = await db().trusteeShare.findMany({ where: { letterId }, orderBy: [{ signatureId: "asc" }, { trusteeId: "asc" }] });
  const signatures = await db().signature.findMany({
    where: { letterId },
    orderBy: { id: "asc" },
    select: { id: true, identitySealing: true, sealedIdentity: true },
  });
  const audit = await db().auditEvent.count({ where: { letterId } });
  return { letter, trustees, shares, signatures, audit };
}

describe("k of n trustees", () => {
  test("k − 1 releases reveal nothing; the k-th reveals every name, once", async () => {
    const { letterId, trustees, signatures } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 4 });
    const first = await release(trustees[0]!, letterId);
    expect(first).toMatchObject({ outcome: "released", released: 1, threshold: 2, revealed: false });
    expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).status).toBe("AWAITING_TRUSTEES");
    await expect(readRevealedSignatories(letterId)).rejects.toThrow(/refusing to unseal/);
    expect(await db().trusteeShare.count({ where: { letterId } })).toBe(4);
    // The stored shares are wrapped: no share's bytes are the share itself.
    const opened = await openedSharesOf(trustees[1]!, letterId);
    const raw = await db().trusteeShare.findMany({ where: { letterId } });
    for (const row of raw) expect(Buffer.from(row.sealedShare).length).toBeGreaterThan(33 + 16);

    // The k-th share of each signature opens it on arrival (open-completed.server.ts), from one
    // seal into another: until this trustee says "done", still no name can be read.
    expect(await releaseShares(trustees[1]!.token, opened)).toMatchObject({ stored: 4, awaitingYou: 0 });
    expect(await db().signature.count({ where: { letterId, identitySealing: IdentitySealing.SERVER } })).toBe(4);
    expect(await db().trusteeShare.count({ where: { letterId } })).toBe(0);
    expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).status).toBe("AWAITING_TRUSTEES");
    await expect(readRevealedSignatories(letterId)).rejects.toThrow(/refusing to unseal/);
    const second = await finishRelease(trustees[1]!.token);
    expect(second).toMatchObject({ outcome: "released", released: 2, revealed: true, opened: 0 });
    const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
    expect(letter.status).toBe("REVEALED");
    expect(letter.revealedAt).not.toBeNull();
    const names = (await readRevealedSignatories(letterId)).signatories.map((s) => s.name).sort();
    expect(names).toEqual(signatures.map((s) => s.name).sort());
    expect(await db().signature.count({ where: { letterId, identitySealing: IdentitySealing.TRUSTEES } })).toBe(0);
    expect(await db().trusteeShare.count({ where: { letterId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { letterId, kind: "revealed" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { letterId, kind: "trustee-released" } })).toBe(2);
  });

  test("concurrent finishes of the last trustees reveal once; a second reveal run opens nothing", async () => {
    const { letterId, trustees } = await letterAwaitingTrustees({ n: 4, k: 2, signatures: 5 });
    // After the second trustee's shares every signature is open: the others find none left to send.
    for (const t of trustees) {
      const shares = await openedSharesOf(t, letterId);
      if (shares.length) await releaseShares(t.token, shares);
    }
    const results = await Promise.allSettled(trustees.map((t) => finishRelease(t.token)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const reports = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof finishRelease>>>).value);
    expect(reports.filter((r) => r.revealed)).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { letterId, kind: "revealed" } })).toBe(1);
    expect(await Promise.all([revealWithShares(letterId), revealWithShares(letterId)])).toEqual([
      { opened: 0, unopenable: 0, revealed: false },
      { opened: 0, unopenable: 0, revealed: false },
    ]);
    expect((await readRevealedSignatories(letterId)).signatories).toHaveLength(5);
  });
});

test("shares of the k-th trustees posted at the same moment: what neither opened on arrival, 'done' opens", async () => {
  const { letterId, trustees } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 6 });
  const [a, b] = trustees;
  // At once, each chunk may read the shares before the other's are stored and open none of
  // those signatures; whichever way they interleave, the last "done" must leave none sealed.
  const [sharesA, sharesB] = [await openedSharesOf(a!, letterId), await openedSharesOf(b!, letterId)];
  const reports = await Promise.all([releaseShares(a!.token, sharesA), releaseShares(b!.token, sharesB)]);
  expect(reports.map((r) => r.stored + r.alreadyStored + r.gone)).toEqual([6, 6]);
  await finishRelease(a!.token);
  const last = await finishRelease(b!.token);
  expect(last).toMatchObject({ revealed: true });
  expect(await db().signature.count({ where: { letterId, identitySealing: IdentitySealing.TRUSTEES } })).toBe(0);
  expect(await db().trusteeShare.count({ where: { letterId } })).toBe(0);
  expect((await readRevealedSignatories(letterId)).signatories).toHaveLength(6);
});

test("a reveal cut short (k released, the process gone) is finished by the job", async () => {
  const { letterId, trustees } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 3 });
  for (const t of trustees.slice(0, 2)) await releaseShares(t.token, await openedSharesOf(t, letterId));
  // As if both "done"s had been recorded and the process then stopped before the reveal.
  await db().trustee.updateMany({ where: { id: { in: trustees.slice(0, 2).map((t) => t.id) } }, data: { releasedAt: new Date() } });
  expect(await revealReleasedLetters()).toBe(1);
  expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).status).toBe("REVEALED");
  expect((await readRevealedSignatories(letterId)).signatories).toHaveLength(3);
  expect(await revealReleasedLetters()).toBe(0);
});

describe("refusals change nothing", () => {
  test("a trustee releasing twice", async () => {
    const { letterId, trustees } = await letterAwaitingTrustees({ n: 3, k: 2 });
    await release(trustees[0]!, letterId);
    const before = await state(letterId);
    const error = await errorOf(finishRelease(trustees[0]!.token));
    expect(error.code).toBe("release-already");
    expect(error.userMessage).toMatch(/already released/);
    // Its shares are all stored: the page has nothing to hand it, and the posted chunk again stores nothing.
    expect((await trusteeSharesToOpen(trustees[0]!.token)).items).toEqual([]);
    expect(await state(letterId)).toEqual(before);
  });

  test("a release before the threshold", async () => {
    const { letterId, trustees } = await openTrusteeLetter({ n: 3, k: 2, threshold: 10 });
    await addTrusteeSealedSignatures(letterId, 2);
    const before = await state(letterId);
    // One at a time: started together, a refusal not yet awaited would be an unhandled rejection.
    for (const attempt of [
      () => trusteeSharesToOpen(trustees[0]!.token),
      () => releaseShares(trustees[0]!.token, [{ signatureId: before.signatures[0]!.id, share: "A".repeat(44) }]),
      () => finishRelease(trustees[0]!.token),
      () => refuseRelease(trustees[0]!.token, null),
    ]) {
      const error = await errorOf(attempt());
      expect(error.code).toBe("release-not-yet");
      expect(error.userMessage).toMatch(/not reached its threshold/);
    }
    expect(await state(letterId)).toEqual(before);
  });

  test("shares of another letter, another signature, another trustee, or altered", async () => {
    const a = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 3 });
    const b = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 3 });
    const mine = await openedSharesOf(a.trustees[0]!, a.letterId);
    const otherLetter = await openedSharesOf(b.trustees[0]!, b.letterId);
    const otherTrustee = await openedSharesOf(a.trustees[1]!, a.letterId);
    const before = await state(a.letterId);

    const cases: [typeof mine, RegExp][] = [
      // Letter B's signatures, posted through letter A's trustee link.
      [[...mine.slice(0, 2), otherLetter[0]!], /another letter/],
      // Two shares swapped between signatures.
      [
        [
          { ...mine[0]!, share: mine[1]!.share },
          { ...mine[1]!, share: mine[0]!.share },
        ],
        /do not match/,
      ],
      // Another trustee's shares, posted through this trustee's link.
      [otherTrustee, /do not match/],
      // One bit flipped in one share.
      [[...mine.slice(0, 2), { ...mine[2]!, share: flipFirstBit(mine[2]!.share) }], /do not match/],
      // The same signature twice.
      [[mine[0]!, mine[0]!], /twice/],
    ];
    for (const [chunk, message] of cases) {
      const error = await errorOf(releaseShares(a.trustees[0]!.token, chunk));
      expect(error.code).toBe("release-shares-invalid");
      expect(error.userMessage).toMatch(message);
      expect(error.status).toBe(400);
    }
    expect(await state(a.letterId)).toEqual(before);
    // The good chunk is taken, and taken again changes nothing.
    expect(await releaseShares(a.trustees[0]!.token, mine)).toMatchObject({ stored: 3, alreadyStored: 0, awaitingYou: 0 });
    expect(await releaseShares(a.trustees[0]!.token, mine)).toMatchObject({ stored: 0, alreadyStored: 3, awaitingYou: 0 });
  });

  test("a wrong key file or passphrase does not open, each with its reason", async () => {
    const a = await letterAwaitingTrustees({ n: 2, k: 2, signatures: 1 });
    const b = await openTrusteeLetter({ n: 2, k: 2 });
    const [t1, t2] = a.trustees as [ReleaseTrustee, ReleaseTrustee];
    const reason = (promise: Promise<unknown>) =>
      promise.then(
        () => "opened",
        (e: { reason?: string }) => e.reason,
      );
    expect(await reason(openKeyFile(t1.keyFile, "not the passphrase at all", { letterId: a.letterId, trusteeId: t1.id }))).toBe(
      "passphrase",
    );
    expect(await reason(openKeyFile(t1.keyFile, PASSPHRASE, { letterId: a.letterId, trusteeId: t2.id }))).toBe("other-trustee");
    expect(await reason(openKeyFile(b.trustees[0]!.keyFile, PASSPHRASE, { letterId: a.letterId, trusteeId: t1.id }))).toBe("other-letter");
    expect(await reason(openKeyFile('{"format":"something else"}', PASSPHRASE, { letterId: a.letterId, trusteeId: t1.id }))).toBe("format");
    // Another trustee's key, handed this trustee's page of sealed shares, opens none of them.
    const page = await trusteeSharesToOpen(t1.token);
    expect(await reason(openShares(t2.key, page.items, { letterId: a.letterId, trusteeId: t1.id }))).toBe("other-trustee");
  });

  test("a refusal is final, tells the organizers, and says when k can no longer be reached", async () => {
    const { letterId, trustees, organizer } = await letterAwaitingTrustees({ n: 3, k: 2 });
    expect(await refuseRelease(trustees[0]!.token, "The count looks forged to me.")).toEqual({ canStillReveal: true });
    const mail = (await queuedMail({ kind: "trustee-refused", to: organizer.email })).at(-1)!;
    expect(mail.text).toContain("> The count looks forged to me.");
    expect(mail.text).toContain("Enough other trustees can still release");
    expect(await db().auditEvent.count({ where: { letterId, kind: "trustee-refused" } })).toBe(1);
    // The reason is kept nowhere but in that sealed mail.
    expect(JSON.stringify(await db().auditEvent.findMany({ where: { letterId } }))).not.toContain("forged");

    const before = await state(letterId);
    expect((await errorOf(refuseRelease(trustees[0]!.token, null))).code).toBe("refuse-already-refused");
    expect((await errorOf(trusteeSharesToOpen(trustees[0]!.token))).code).toBe("release-after-refusal");
    expect((await errorOf(finishRelease(trustees[0]!.token))).code).toBe("release-after-refusal");
    expect(await state(letterId)).toEqual(before);

    expect(await refuseRelease(trustees[1]!.token, null)).toEqual({ canStillReveal: false });
    expect((await queuedMail({ kind: "trustee-refused", to: organizer.email })).at(-1)!.text).toMatch(/can no longer be unsealed/);
    expect(await releaseProgress(letterId)).toMatchObject({ released: 0, refused: 2, canStillReveal: false });
    // Once released, a refusal is too late.
    await release(trustees[2]!, letterId);
    expect((await errorOf(refuseRelease(trustees[2]!.token, null))).code).toBe("refuse-already-released");
  });
});

describe("signatures made between one release and the k-th", () => {
  test("they stay sealed after the reveal, hold publication back, and open with a top-up", async () => {
    const { letterId, trustees, organizer } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 3 });
    await release(trustees[0]!, letterId);
    const late = await addTrusteeSealedSignatures(letterId, 2, "Late");
    await release(trustees[1]!, letterId);
    expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).status).toBe("REVEALED");
    expect((await readRevealedSignatories(letterId)).signatories).toHaveLength(3);
    expect((await releaseProgress(letterId))!.stillSealed).toEqual({ waiting: 2, unopenable: 0 });
    const refused = await errorOf(publishLetter(organizer.id, letterId));
    expect(refused.code).toBe("publish-still-sealed");
    expect(refused.userMessage).toMatch(/^2 signatures are still sealed/);

    const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
    expect((await releaseTotals(letter, trustees[0]!.id)).awaitingYou).toBe(2);
    expect((await releaseTotals(letter, trustees[1]!.id)).awaitingYou).toBe(0);
    const topUp = await release(trustees[0]!, letterId);
    expect(topUp).toMatchObject({ outcome: "topped-up", opened: 2 });
    expect((await readRevealedSignatories(letterId)).signatories.map((s) => s.name)).toEqual(
      expect.arrayContaining(late.map((s) => s.name)),
    );
    expect((await releaseProgress(letterId))!.stillSealed).toEqual({ waiting: 0, unopenable: 0 });
    // Nothing waits any more: another "done" is refused.
    expect((await errorOf(finishRelease(trustees[0]!.token))).code).toBe("release-over");
    await publishLetter(organizer.id, letterId);
  });
});

describe("closing the letter", () => {
  test("cancellation destroys the shares with the signatures and tells each trustee their key file is useless", async () => {
    const { letterId, trustees, organizer } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 2 });
    await release(trustees[0]!, letterId);
    expect(await db().trusteeShare.count({ where: { letterId } })).toBe(2);
    await cancelLetter(organizer.id, letterId);
    expect(await db().trusteeShare.count({ where: { letterId } })).toBe(0);
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
    for (const t of trustees) {
      const mail = (await queuedMail({ kind: "trustee-letter-closed", to: t.email })).at(-1);
      expect(mail?.text).toMatch(/key file for it is now useless/);
      expect(mail?.text).not.toContain("The release letter");
    }
    expect((await errorOf(trusteeSharesToOpen(trustees[1]!.token))).code).toBe("release-closed");
  });
});

describe("whoever holds the database, the KEK and key files", () => {
  test("reads no name with k − 1 key files, and every name with k", async () => {
    const { letterId, trustees, signatures } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 2 });
    const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
    const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey!);
    const rows = await db().signature.findMany({ where: { letterId } });
    const keys = await Promise.all(trustees.map((t) => openKeyFile(t.keyFile, PASSPHRASE, { letterId, trusteeId: t.id })));
    for (const row of rows) {
      const envelope = unwrapTrusteeEnvelope(dataKey, { letterId, signatureId: row.id }, row.sealedIdentity!);
      const shares = [];
      for (const key of keys) {
        const [opened] = await openShares(key, [{ signatureId: row.id, sealedShare: shareFor(envelope, key.trusteeId) }], {
          letterId,
          trusteeId: key.trusteeId,
        });
        shares.push(opened!.share);
      }
      const at = { letterId, signatureId: row.id, textHash: letter.textHash! };
      const tooFew = await openWithShares(envelope, shares.slice(0, 1), at).catch((e: EnvelopeError) => e.reason);
      expect(tooFew).toBe("not-enough-shares");
      const identity = await openWithShares(envelope, shares.slice(1, 3), at);
      expect(signatures.map((s) => s.name)).toContain(identity.name);
    }
    dataKey.fill(0);
  });
});

function flipFirstBit(share: string) {
  const bytes = Buffer.from(share, "base64url");
  bytes[0]! ^= 1;
  return bytes.toString("base64url");
}
