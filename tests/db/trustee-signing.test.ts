// Signing a letter with trustees (issue 15, decision 015): the identity is sealed for
// the trustees, in the browser (the test seals as the bundle does) or by the server
// without JavaScript; a posted envelope is hostile input; the crossing hands the
// letter to the trustees (AWAITING_TRUSTEES), reveals nothing, and calls them once.
// Runs on both databases: `npx vitest run tests/db/trustee-signing.test.ts` and
// `npx vitest run -c vitest.postgres.config.ts tests/db/trustee-signing.test.ts`.
import { describe, expect, test } from "vitest";
import { sealForTrustees, envelopeSize, toBase64Url } from "~/crypto/trustee";
import { unwrapDataKey, unwrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { receiptOf } from "~/domain/letters/signing-receipt.server";
import { browserSealingFor } from "~/domain/letters/trustee-sealing.server";
import { readOwnIdentity, readRevealedSignatories } from "~/domain/letters/unseal.server";
import { callTrustees } from "~/domain/trustees/call-trustees.server";
import { findTrusteeByToken } from "~/domain/trustees/trustee-invitation.server";
import { AppError } from "~/errors";
import { openedLetter, signAs, verifiedSigner } from "../support/letters";
import { queuedMail } from "../support/mail";
import { openedTrusteeLetter, openWithTrustees, sealContextOf } from "../support/trustees";

const identity = { name: "Ada Lovelace", title: "Analyst, Engines" };
let serial = 0;
const workEmail = () => `trustee.signer.${++serial}.${Date.now().toString(36)}@microsoft.com`;

async function signatureOf(letterId: string) {
  return db().signature.findFirstOrThrow({
    where: { letterId },
    select: { id: true, sealedIdentity: true, identitySealing: true, nameAt: true },
  });
}

/** The AppError code a promise rejects with; anything else fails the test. */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "a refusal").toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe("sealing a signature for the trustees", () => {
  test("without JavaScript the server seals with the trustees' keys: the data key alone opens nothing, k−1 trustees cannot, k can", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5 });
    await signAs(letter, workEmail(), identity);
    const row = await signatureOf(letter.id);
    expect(row.identitySealing).toBe("trustees");
    // The server's one path to names refuses, and the receipt shows no name.
    expect(await readOwnIdentity(letter.id, row)).toBeNull();
    await expect(openWithTrustees(letter.id, row, trustees.slice(0, 1))).rejects.toMatchObject({ reason: "not-enough-shares" });
    expect(await openWithTrustees(letter.id, row, trustees.slice(1, 3))).toEqual(identity);
  });

  test("with JavaScript the browser's envelope is stored as it came, bound to this signature, and opens with k trustees", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5 });
    const token = await verifiedSigner(letter, workEmail());
    // What the signature step's loader hands the browser.
    const context = await browserSealingFor(letter.id, token);
    const signatureId = receiptOf(token).id;
    expect(context).toMatchObject({
      letterId: letter.id,
      signatureId,
      textHash: letter.textHash,
      threshold: 2,
      trustees: trustees.map((t) => ({ id: t.id, publicKey: toBase64Url(t.publicKey) })),
    });
    const envelope = await sealForTrustees(identity, sealContextOf(letter, trustees)(signatureId));
    const signed = await signLetter(token, letter.id, {
      sealedIdentity: toBase64Url(envelope),
      publicLine: "Engineer",
      contactEmail: null,
    });
    expect(signed).toMatchObject({ submittedAgain: false, revealed: false, awaitingTrustees: false });
    const row = await signatureOf(letter.id);
    expect(row).toMatchObject({ id: signatureId, identitySealing: "trustees" });
    const { wrappedDataKey } = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    const unwrapped = unwrapTrusteeEnvelope(
      unwrapDataKey(letter.id, wrappedDataKey!),
      { letterId: letter.id, signatureId },
      row.sealedIdentity!,
    );
    expect(Buffer.from(unwrapped).equals(Buffer.from(envelope))).toBe(true);
    expect(await openWithTrustees(letter.id, row, [trustees[0]!, trustees[2]!])).toEqual(identity);
  });

  test("hostile envelopes are refused with a clear message and nothing is stored; the same browser can then sign", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5 });
    const { letter: other, trustees: strangers } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5 });
    const token = await verifiedSigner(letter, workEmail());
    const signatureId = receiptOf(token).id;
    const context = sealContextOf(letter, trustees)(signatureId);
    const good = await sealForTrustees(identity, context);
    const size = envelopeSize(trustees.map((t) => t.id));
    expect(good.length).toBe(size);
    const b64 = toBase64Url;
    const cases: [string, string, Record<string, string | null>][] = [
      ["not base64url", "sealed-identity-invalid", { sealedIdentity: "!!not*base64!!" }],
      ["one byte too long", "sealed-identity-invalid", { sealedIdentity: b64(new Uint8Array([...good, 0])) }],
      ["truncated", "sealed-identity-invalid", { sealedIdentity: b64(good.subarray(0, size - 1)) }],
      ["far too long", "sealed-identity-invalid", { sealedIdentity: "A".repeat(4_500) }],
      ["the right size, but noise", "sealed-identity-invalid", { sealedIdentity: b64(crypto.getRandomValues(new Uint8Array(size))) }],
      [
        "the trustees in another order",
        "sealed-identity-invalid",
        { sealedIdentity: b64(await sealForTrustees(identity, { ...context, trustees: [...context.trustees].reverse() })) },
      ],
      ["another k", "sealed-identity-invalid", { sealedIdentity: b64(await sealForTrustees(identity, { ...context, threshold: 3 })) }],
      [
        "another letter's trustees",
        "sealed-identity-invalid",
        { sealedIdentity: b64(await sealForTrustees(identity, sealContextOf(other, strangers)(signatureId))) },
      ],
      ["an envelope and a name", "sealed-identity-with-name", { sealedIdentity: b64(good), name: "Ada Lovelace" }],
      ["an envelope and a title", "sealed-identity-with-name", { sealedIdentity: b64(good), title: "Analyst" }],
    ];
    for (const [label, code, fields] of cases) {
      expect(await refusal(signLetter(token, letter.id, { publicLine: null, contactEmail: null, ...fields })), label).toBe(code);
    }
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(0);
    expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(0);
    expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).signatureCount).toBe(0);
    // The verification was not used up: the good envelope goes through.
    await signLetter(token, letter.id, { sealedIdentity: b64(good), publicLine: null, contactEmail: null });
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(1);
  });

  test("a letter without trustees refuses an envelope, and keeps sealing on the server", async () => {
    const { letter } = await openedLetter({ threshold: 5 });
    const { letter: trusted, trustees } = await openedTrusteeLetter({ count: 2, k: 2 });
    const token = await verifiedSigner(letter, workEmail());
    expect(await browserSealingFor(letter.id, token)).toBeNull();
    const envelope = await sealForTrustees(identity, sealContextOf(trusted, trustees)(receiptOf(token).id));
    expect(await refusal(signLetter(token, letter.id, { sealedIdentity: toBase64Url(envelope) }))).toBe("sealed-identity-unexpected");
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(0);
    await signLetter(token, letter.id, identity);
    expect((await signatureOf(letter.id)).identitySealing).toBe("server");
  });

  test("once the names are out (REVEALED), a new signature is sealed by the server as before", async () => {
    const { letter, trustees } = await openedTrusteeLetter({ count: 2, k: 2, threshold: 5 });
    const token = await verifiedSigner(letter, workEmail());
    const envelope = await sealForTrustees(identity, sealContextOf(letter, trustees)(receiptOf(token).id));
    // As the trustees' release (the next slice) leaves it.
    await db().letter.update({ where: { id: letter.id }, data: { status: "REVEALED", revealedAt: new Date() } });
    expect(await browserSealingFor(letter.id, token)).toBeNull();
    expect(await refusal(signLetter(token, letter.id, { sealedIdentity: toBase64Url(envelope) }))).toBe("sealed-identity-unexpected");
    await signLetter(token, letter.id, identity);
    const row = await signatureOf(letter.id);
    expect(row.identitySealing).toBe("server");
    expect(await readOwnIdentity(letter.id, row)).toEqual(identity);
  });
});

describe("the threshold of a letter with trustees", () => {
  test("the crossing signature moves it to AWAITING_TRUSTEES: nothing reveals, and trustees and organizers are called once", async () => {
    const { organizer, letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 2 });
    await signAs(letter, workEmail(), { name: "First Signer" });
    const crossing = await signAs(letter, workEmail(), { name: "Second Signer" });
    expect(crossing).toMatchObject({ revealed: false, awaitingTrustees: true });
    const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(after).toMatchObject({ status: "AWAITING_TRUSTEES", revealedAt: null, signatureCount: 2, trusteesCalledAt: null });
    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "threshold-met" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "revealed" } })).toBe(0);
    // Nothing opens a name in this state.
    await expect(readRevealedSignatories(letter.id)).rejects.toThrow(/refusing to unseal/);
    const rows = await db().signature.findMany({ where: { letterId: letter.id } });
    expect(rows.map((r) => r.identitySealing)).toEqual(["trustees", "trustees"]);
    for (const row of rows) expect(await readOwnIdentity(letter.id, row)).toBeNull();

    // Signatures still come in, sealed for the trustees.
    await signAs(letter, workEmail(), { name: "Late Signer" });
    expect((await db().signature.findMany({ where: { letterId: letter.id } })).every((r) => r.identitySealing === "trustees")).toBe(true);

    expect(await callTrustees()).toBe(1);
    expect(await callTrustees()).toBe(0);
    for (const trustee of trustees) {
      const mails = await queuedMail({ to: trustee.email, kind: "trustee-called" });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).not.toContain(letter.title);
      expect(mails[0]!.text).not.toContain(letter.organizationName);
      const fresh = /\/trustee\/([a-z2-9]{24})\b/.exec(mails[0]!.text)?.[1];
      // The new link leads to this trustee; the invitation's no longer does.
      expect((await findTrusteeByToken(fresh))?.id).toBe(trustee.id);
      expect(await findTrusteeByToken(trustee.token)).toBeNull();
    }
    const organizerMail = await queuedMail({ to: organizer.email, kind: "letter-awaiting-trustees" });
    expect(organizerMail).toHaveLength(1);
    expect(organizerMail[0]!.text).toContain("2 of its 3 trustees");
    expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).trusteesCalledAt).not.toBeNull();
  });

  test("20 signatures at once across the threshold: one crossing, the exact count, and the trustees called once by racing jobs", async () => {
    const { organizer, letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 10 });
    // Start from threshold − 2.
    for (let i = 0; i < 8; i++) await signAs(letter, `early${i}.${letter.id.slice(0, 6)}@microsoft.com`);
    const tokens = [];
    for (let i = 0; i < 20; i++)
      tokens.push(await verifiedSigner(letter, `rush${i}.${letter.id.slice(0, 6)}@github.com`, `192.0.2.${i + 100}`));
    const results = await Promise.allSettled(
      tokens.map((token, i) => signLetter(token, letter.id, { publicLine: null, name: `Rusher ${i}`, title: null, contactEmail: null })),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(results.filter((r) => r.status === "fulfilled" && r.value.awaitingTrustees)).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled" && r.value.revealed)).toHaveLength(0);
    const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(after).toMatchObject({ status: "AWAITING_TRUSTEES", signatureCount: 28, revealedAt: null });
    expect(await db().signature.count({ where: { letterId: letter.id, identitySealing: "trustees" } })).toBe(28);
    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "threshold-met" } })).toBe(1);

    const called = await Promise.all([callTrustees(), callTrustees(), callTrustees()]);
    expect(called.reduce((a, b) => a + b, 0)).toBe(1);
    for (const trustee of trustees) expect(await queuedMail({ to: trustee.email, kind: "trustee-called" })).toHaveLength(1);
    expect(await queuedMail({ to: organizer.email, kind: "letter-awaiting-trustees" })).toHaveLength(1);
  });
});
