// Signing: the sealed identity and the pseudonymous line are stored, the work
// address is already forgotten (only its tag remains), and — in the same
// transaction — the signature that brings the count to the threshold reveals the
// letter, exactly once however many sign at the same instant.
import crypto from "node:crypto";
import { sealContact, sealIdentity, unwrapDataKey } from "~/crypto/sealing.server";
import { newToken } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { startOfDayUtc } from "~/letters/audit.server";
import { receiptMail } from "~/mail/templates/letters.server";
import { type SignatureDraft, type SignatureInput, signatureSchema } from "~/letters/signature-rules";
import { signingStore } from "./signing-store.server";
import { findSigningVerification, type LetterToSign, letterToSign } from "./signing-verification.server";

export type { SignatureDraft };


export function receiptPath(receiptToken: string) {
  return `/receipt/${receiptToken}`;
}

/** Re-checks the form's rules here, so no caller can store what the form would refuse. */
async function validSignature(letterOrId: string | LetterToSign, input: SignatureDraft): Promise<SignatureInput> {
  const letter = await letterToSign(letterOrId);
  if (!letter) throw new AppError("not-open", "This letter is no longer collecting signatures.", { status: 409 });
  const parsed = signatureSchema(letter.allowedDomains).safeParse({
    name: input.name,
    publicLine: input.publicLine ?? undefined,
    title: input.title ?? undefined,
    contactEmail: input.contactEmail ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid-signature", issue.message, { field: String(issue.path[0] ?? "") || undefined });
  }
  return parsed.data;
}

/**
 * The letter's status is checked again inside the transaction (the guarded
 * update), so a letter the caller loaded a moment ago is as good as an id.
 */
export async function signLetter(verificationToken: string | null, letterOrId: string | LetterToSign, raw: SignatureDraft, now = new Date()) {
  const letterId = typeof letterOrId === "string" ? letterOrId : letterOrId.id;
  const input = await validSignature(letterOrId, raw);
  const verification = await findSigningVerification(verificationToken, letterId);
  if (!verification || !verification.verifiedAt || verification.expiresAt <= now) {
    throw new AppError("not-verified", "Verify your work email first: this step has expired or was not completed.", { status: 400 });
  }
  const receipt = newToken();
  const signatureId = receipt.id;
  const stored = await (await signingStore()).storeSignature({
    letterId,
    verificationId: verification.id,
    now,
    // A revealed letter still takes signatures until it is published (names then show at once).
    signature: (letter) => {
      const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey);
      return {
        id: signatureId,
        letterId,
        emailTag: verification.emailTag,
        publicLine: input.publicLine ?? null,
        sealedIdentity: sealIdentity(dataKey, { letterId, signatureId }, { name: input.name, title: input.title }),
        sealedContact: input.contactEmail ? sealContact(dataKey, { letterId, signatureId }, input.contactEmail) : null,
        receiptHash: receipt.secretHash,
        signedOn: startOfDayUtc(now),
        orderKey: crypto.randomBytes(8).toString("hex"),
        // `listed` stays false: only the batches of an open letter set it; past
        // the threshold the letter's status lists every signature, so the reveal
        // touches no signature row and costs the same at 100,000 as at 10 (decision 007).
      };
    },
    receipt: input.contactEmail ? (letter) => ({ to: input.contactEmail!, ...receiptMail(letter.title, receiptPath(receipt.token)) }) : undefined,
  });
  switch (stored.outcome) {
    case "stored":
      return { receiptToken: receipt.token, revealed: stored.revealed };
    case "not-open":
      throw new AppError("not-open", "This letter is no longer collecting signatures.", { status: 409 });
    case "verification-used":
      throw new AppError("not-verified", "This verification was already used.", { status: 409 });
    case "already-signed":
      throw new AppError("already-signed", "This work address has already signed this letter. Your receipt link (shown when you signed, and mailed if you left a contact address) lets you check or withdraw it.", { status: 409 });
  }
}

/** After the code, before the form: has this address already signed? */
export async function alreadySigned(verificationToken: string | null, letterId: string) {
  const verification = await findSigningVerification(verificationToken, letterId);
  if (!verification?.verifiedAt) return false;
  return (await db().signature.count({ where: { letterId, emailTag: verification.emailTag } })) > 0;
}
