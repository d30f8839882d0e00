// Which signing step a browser is at (app/domain/letters/signing-step.server.ts):
// from the letter's status and the browser's verification, never from the address.
import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { NotFoundError } from "~/errors";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import { requireLetterToSign, signerStepOf, viewSigningStep } from "~/domain/letters/signing-step.server";
import { requestSigningCode } from "~/domain/letters/signing-verification.server";
import { withLetterStatus } from "~/domain/letters/lifecycle";
import { openedLetter, signAs, verifiedSigner } from "../support/letters";

const HOUR = 60 * 60_000;

test("email, then code, then sign; a lapsed verification goes back to email, saying so", async () => {
  const { letter } = await openedLetter();
  const open = withLetterStatus(letter);
  expect(await signerStepOf(open, null)).toEqual({ step: "email", timedOut: false });
  expect(await signerStepOf(open, "not-a-token")).toEqual({ step: "email", timedOut: false });

  const pending = await requestSigningCode(letter.id, "step.pending@microsoft.com", { clientIp: "192.0.2.20" });
  expect(await signerStepOf(open, pending)).toEqual({ step: "code", timedOut: false });
  expect(await signerStepOf(open, pending, new Date(Date.now() + HOUR))).toEqual({ step: "email", timedOut: true });

  const verified = await verifiedSigner(letter, "step.verified@microsoft.com");
  expect(await signerStepOf(open, verified)).toEqual({ step: "sign", timedOut: false });
  expect(await signerStepOf(open, verified, new Date(Date.now() + 2 * HOUR))).toEqual({ step: "email", timedOut: true });
});

test("a verification for another letter counts for nothing", async () => {
  const { letter } = await openedLetter();
  const { letter: other } = await openedLetter();
  const token = await verifiedSigner(other, "step.other@microsoft.com");
  expect(await signerStepOf(withLetterStatus(letter), token)).toEqual({ step: "email", timedOut: false });
});

test("a revealed letter still takes signatures; a closed one shows no step, whatever the cookie", async () => {
  const { letter } = await openedLetter({ threshold: 5 });
  for (let i = 0; i < 5; i++) await signAs(letter, `step.reveal${i}@microsoft.com`);
  const revealed = withLetterStatus(await db().letter.findUniqueOrThrow({ where: { id: letter.id } }));
  expect(revealed.status).toBe("REVEALED");
  const token = await verifiedSigner(revealed, "step.late@microsoft.com");
  expect(await signerStepOf(revealed, token)).toEqual({ step: "sign", timedOut: false });

  const { organizer, letter: toCancel } = await openedLetter();
  const pending = await verifiedSigner(toCancel, "step.cancelled@microsoft.com");
  await cancelLetter(organizer.id, toCancel.id);
  const view = await viewSigningStep(privateSlug(toCancel.id), pending);
  expect(view).toMatchObject({ step: "closed", timedOut: false, letterPath: `/l/${privateSlug(toCancel.id)}` });
});

test("a link that leads nowhere is a 404", async () => {
  await expect(requireLetterToSign(undefined)).rejects.toBeInstanceOf(NotFoundError);
  await expect(requireLetterToSign("NOT-A-SLUG")).rejects.toBeInstanceOf(NotFoundError);
  await expect(requireLetterToSign("abcdefghijklmnopqrstuvwxyz")).rejects.toBeInstanceOf(NotFoundError);
  const { letter } = await openedLetter();
  const slug = privateSlug(letter.id);
  expect(await requireLetterToSign(slug)).toMatchObject({
    letterPath: `/l/${slug}`,
    signPath: `/l/${slug}/sign`,
    letter: { id: letter.id },
  });
});
