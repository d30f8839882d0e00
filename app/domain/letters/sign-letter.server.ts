// Signing: the sealed identity and the pseudonymous line are stored, the work
// address is already forgotten (only its tag remains), and — in the same
// transaction — the signature that brings the count to the threshold reveals the
// letter, exactly once however many sign at the same instant.
import crypto from "node:crypto";
import { sealContact, sealIdentity, unwrapDataKey } from "~/crypto/sealing.server";
import { derivedToken, secretMatches } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { startOfDayUtc } from "~/lib/dates";
import { receiptPath } from "~/lib/public-urls";
import { readFirstSignatureContact } from "~/domain/letters/unseal.server";
import { receiptMail, signedAgainMail } from "~/mail/templates/letters.server";
import { type SignatureDraft, type SignatureInput, signatureSchema } from "~/domain/letters/signature-rules";
import { signingStore } from "./signing-store/index.server";
import { findSigningVerification, type LetterToSign, letterToSign } from "./signing-verification.server";

export type { SignatureDraft };

/** Re-checks the form's rules here, so no caller can store what the form would refuse. */
async function validSignature(letterOrId: string | LetterToSign, input: SignatureDraft): Promise<SignatureInput> {
  const letter = await letterToSign(letterOrId);
  if (!letter) throw new AppError("no-longer-collecting");
  const parsed = signatureSchema(letter.allowedDomains).safeParse({
    name: input.name,
    publicLine: input.publicLine ?? undefined,
    title: input.title ?? undefined,
    contactEmail: input.contactEmail ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid-signature", { issue }, { field: String(issue.path[0] ?? "") || undefined });
  }
  return parsed.data;
}

/**
 * The receipt a verification signs with, derived from the browser's verification
 * token: a second submit from the same browser (a double click, a resubmitted
 * page) can be led back to the receipt of its first, and only that browser can.
 */
function receiptOf(verificationToken: string) {
  return derivedToken("signing-receipt", verificationToken);
}

/** This browser's verification already signed: where its receipt is, if it still exists. */
async function receiptAlreadyMade(verificationToken: string | null) {
  if (!verificationToken) return null;
  const receipt = receiptOf(verificationToken);
  // Both tables, always: the answer and its time are the same for a decoy (decision 010).
  const [signature, decoy] = await Promise.all([
    db().signature.findUnique({ where: { id: receipt.id }, select: { receiptHash: true } }),
    db().decoyReceipt.findUnique({ where: { id: receipt.id }, select: { receiptHash: true } }),
  ]);
  const row = signature ?? decoy;
  return row && secretMatches(receipt.secret, row.receiptHash) ? receipt.token : null;
}

/**
 * The letter's status is checked again inside the transaction (the guarded
 * update), so a letter the caller loaded a moment ago is as good as an id.
 *
 * Decision 010: whether the verified address signed before changes nothing the
 * caller sees. A duplicate goes through the same steps and gets a receipt like any
 * other, bound to nothing; the first signature is untouched, and its contact
 * address (if it left one) is told.
 *
 * `submittedAgain`: this browser's verification had signed already (it is not about
 * the address): the receipt is the one that signature got.
 */
export async function signLetter(
  verificationToken: string | null,
  letterOrId: string | LetterToSign,
  raw: SignatureDraft,
  now = new Date(),
) {
  const letterId = typeof letterOrId === "string" ? letterOrId : letterOrId.id;
  const input = await validSignature(letterOrId, raw);
  const verification = await findSigningVerification(verificationToken, letterId);
  if (!verification || !verification.verifiedAt || verification.expiresAt <= now) {
    // Used up by this very browser a moment ago: say so, and lead it to its receipt.
    const made = verification ? null : await receiptAlreadyMade(verificationToken);
    if (made) return { receiptToken: made, revealed: false, submittedAgain: true };
    throw new AppError("not-verified");
  }
  const receipt = receiptOf(verificationToken!);
  const signatureId = receipt.id;
  const stored = await (
    await signingStore()
  ).storeSignature({
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
    receipt: input.contactEmail
      ? (letter) => ({ to: input.contactEmail!, ...receiptMail(letter.title, receiptPath(receipt.token)) })
      : undefined,
    duplicateNotice: (letter, first) =>
      first.sealedContact
        ? {
            to: readFirstSignatureContact(letterId, letter.wrappedDataKey, { id: first.id, sealedContact: first.sealedContact }),
            ...signedAgainMail(letter.title),
          }
        : null,
  });
  switch (stored.outcome) {
    case "stored":
      return { receiptToken: receipt.token, revealed: stored.revealed, submittedAgain: false };
    case "not-open":
      throw new AppError("no-longer-collecting");
    case "verification-used": {
      // A concurrent submit from this browser signed first: its receipt is the one.
      const made = await receiptAlreadyMade(verificationToken);
      if (made) return { receiptToken: made, revealed: false, submittedAgain: true };
      throw new AppError("verification-used");
    }
  }
}
