// Signing: the sealed identity and the pseudonymous line are stored, the work
// address is already forgotten (only its tag remains), and — in the same
// transaction — the signature that brings the count to the threshold reveals the
// letter, exactly once however many sign at the same instant.
import crypto from "node:crypto";
import { sealContact, sealIdentity, unwrapDataKey } from "~/crypto/sealing.server";
import { newToken } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { recordAudit, startOfDayUtc } from "~/letters/audit.server";
import { enqueueMail } from "~/mail/outbox.server";
import { receiptMail } from "~/mail/templates/letters.server";
import { type SignatureDraft, type SignatureInput, signatureSchema } from "~/letters/signature-rules";
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
  try {
    return await db().$transaction(async (tx) => {
      // Serialize signers on the letter row: the UPDATE takes its lock, and the
      // count it returns includes every signature committed before ours.
      // A revealed letter still takes signatures until it is published (names then show at once).
      const letter = await tx.letter
        .update({
          where: { id: letterId, status: { in: ["OPEN", "REVEALED"] } },
          data: { signatureCount: { increment: 1 } },
          select: { status: true, signatureCount: true, threshold: true, title: true, wrappedDataKey: true },
        })
        .catch((error: unknown) => {
          if (isNotFound(error)) throw new AppError("not-open", "This letter is no longer collecting signatures.", { status: 409 });
          throw error;
        });

      const used = await tx.signingVerification.deleteMany({ where: { id: verification.id } });
      if (used.count === 0) throw new AppError("not-verified", "This verification was already used.", { status: 409 });

      const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey!);
      await tx.signature.create({
        data: {
          id: signatureId,
          letterId,
          emailTag: verification.emailTag,
          publicLine: input.publicLine,
          sealedIdentity: sealIdentity(dataKey, { letterId, signatureId }, { name: input.name, title: input.title }),
          sealedContact: input.contactEmail ? sealContact(dataKey, { letterId, signatureId }, input.contactEmail) : null,
          receiptHash: receipt.secretHash,
          signedOn: startOfDayUtc(now),
          orderKey: crypto.randomBytes(8).toString("hex"),
          // `listed` stays false: only the batches of an open letter set it; past
          // the threshold the letter's status lists every signature.
        },
      });
      if (input.contactEmail) await enqueueMail(tx, { to: input.contactEmail, ...receiptMail(letter.title, receiptPath(receipt.token)) });

      let revealed = false;
      if (letter.status === "OPEN" && letter.signatureCount >= letter.threshold) {
        const flipped = await tx.letter.updateMany({ where: { id: letterId, status: "OPEN" }, data: { status: "REVEALED", revealedAt: now } });
        if (flipped.count === 1) {
          revealed = true;
          // No signature row is touched: past OPEN every signature counts as listed
          // by the letter's status (view-letter), so the reveal costs the same at
          // 100,000 signatures as at 10 (decision 007).
          await recordAudit(tx, letterId, "revealed");
        }
      }
      return { receiptToken: receipt.token, revealed };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("already-signed", "This work address has already signed this letter. Your receipt link (shown when you signed, and mailed if you left a contact address) lets you check or withdraw it.", { status: 409 });
    }
    throw error;
  }
}

/** Prisma's "no row matched" for update(): here, the letter is no longer OPEN or REVEALED. */
function isNotFound(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2025";
}

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/** After the code, before the form: has this address already signed? */
export async function alreadySigned(verificationToken: string | null, letterId: string) {
  const verification = await findSigningVerification(verificationToken, letterId);
  if (!verification?.verifiedAt) return false;
  return (await db().signature.count({ where: { letterId, emailTag: verification.emailTag } })) > 0;
}
