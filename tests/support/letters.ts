import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { signLetter, type SignatureDraft } from "~/domain/letters/sign-letter.server";
import { requestSigningCode, verifySigningCode } from "~/domain/letters/signing-verification.server";
import type { DraftInput } from "~/domain/letters/draft-rules";
import { codeFrom, createUser } from "./factories";
import { lastSentTo } from "./mail";

export function draftInput(overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    title: "Cancel the ICE contract",
    addressee: "Satya Nadella, CEO",
    body: "We, the undersigned, ask you to **cancel** the contract.",
    organizationName: "Microsoft",
    allowedDomains: ["microsoft.com", "github.com"],
    threshold: 5,
    deadline: new Date(Date.now() + 30 * 24 * 60 * 60_000),
    noteToSigners: null,
    // Revealed (or handed to trustees) at the threshold, as before decision 020; the
    // cooling-off tests ask for their hours. Real letters default to 48.
    coolingOffHours: 0,
    ...overrides,
  };
}

/** An OPEN letter and its organizer. */
export async function openedLetter(overrides: Partial<DraftInput> = {}) {
  const organizer = await createUser();
  const draft = await createDraft(organizer.id, draftInput(overrides));
  await openLetter(organizer, draft.id);
  const letter = await db().letter.findUniqueOrThrow({ where: { id: draft.id } });
  return { organizer, letter };
}

/** Proves `email` the way a signer does: request a code, read it from the mail sent, type it. */
export async function verifiedSigner(
  letter: { id: string; status: string; allowedDomains: string; organizationName: string },
  email: string,
  clientIp = "192.0.2.10",
) {
  const token = await requestSigningCode(letter.id, email, { clientIp });
  const mail = await lastSentTo(email);
  await verifySigningCode(token, letter.id, codeFrom(mail.text), { clientIp });
  return token;
}

export async function signAs(
  letter: { id: string; status: string; allowedDomains: string; organizationName: string },
  email: string,
  input: Partial<SignatureDraft> = {},
) {
  const token = await verifiedSigner(letter, email);
  return signLetter(token, letter.id, { publicLine: "Engineer", name: `Name of ${email}`, title: null, contactEmail: null, ...input });
}
