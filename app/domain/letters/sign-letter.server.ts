// Signing: the sealed identity and the pseudonymous line are stored, the work
// address is already forgotten (only its tag remains), and — in the same
// transaction — the signature that brings the count to the threshold reveals the
// letter (or, for a letter with trustees, hands it to them), exactly once however
// many sign at the same instant. A letter with trustees gets the identity sealed
// for them (decision 015): in the signer's browser, or here without JavaScript.
import crypto from "node:crypto";
import { sealContact, sealIdentity, unwrapDataKey, wrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { secretMatches } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { startOfDayUtc } from "~/lib/dates";
import { receiptPath } from "~/lib/public-urls";
import { readFirstSignatureContact } from "~/domain/letters/unseal.server";
import { receiptMail, signedAgainMail } from "~/mail/templates/letters.server";
import {
  NAME_AT_MESSAGE,
  type SignatureDraft,
  type SignatureInput,
  sealedSignatureSchema,
  signatureSchema,
} from "~/domain/letters/signature-rules";
import { IdentitySealing } from "./identity-sealing";
import { namesVisible } from "./lifecycle";
import { signingStore } from "./signing-store/index.server";
import { receiptOf } from "./signing-receipt.server";
import { findSigningVerification, type LetterToSign, letterToSign } from "./signing-verification.server";
import { checkedEnvelope, sealOnServer, trusteeSealingFor } from "./trustee-sealing.server";

export type { SignatureDraft };

/** The signature's fields, and either its identity in plain text (to seal here) or the envelope the browser sealed. */
type ValidSignature = Omit<SignatureInput, "name" | "title"> & ({ identity: { name: string; title: string | null } } | { sealed: string });

const TEAM_NOT_LISTED = "Pick one of the letter's teams, or “Prefer not to say”.";

const present = (value: string | null | undefined) => value !== undefined && value !== null && value.trim() !== "";

/** Re-checks the form's rules here, so no caller can store what the form would refuse. */
async function validSignature(letterOrId: string | LetterToSign, input: SignatureDraft): Promise<ValidSignature> {
  const letter = await letterToSign(letterOrId);
  if (!letter) throw new AppError("no-longer-collecting");
  const fields = {
    publicLine: input.publicLine ?? undefined,
    contactEmail: input.contactEmail ?? undefined,
    team: input.team === null || input.team === undefined ? undefined : String(input.team),
    nameAt: input.nameAt === null || input.nameAt === undefined ? undefined : String(input.nameAt),
  };
  const sealed = input.sealedIdentity;
  if (present(sealed) && (present(input.name) || present(input.title))) throw new AppError("sealed-identity-with-name");
  const parsed = present(sealed)
    ? sealedSignatureSchema(letter.allowedDomains).safeParse(fields)
    : signatureSchema(letter.allowedDomains).safeParse({ ...fields, name: input.name ?? undefined, title: input.title ?? undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid-signature", { issue }, { field: String(issue.path[0] ?? "") || undefined });
  }
  const { publicLine, contactEmail, team } = parsed.data;
  // The signer's bar is at least the letter's; at the letter's own it is no condition at all (decision 019).
  if (parsed.data.nameAt !== null && parsed.data.nameAt < letter.threshold) {
    throw new AppError("invalid-signature", { issue: { message: NAME_AT_MESSAGE } }, { field: "nameAt" });
  }
  const nameAt = parsed.data.nameAt === letter.threshold ? null : parsed.data.nameAt;
  // The form lists only this letter's teams; an index past them is refused, not dropped.
  if (team !== null && team >= letter.teams.length) {
    throw new AppError("invalid-signature", { issue: { message: TEAM_NOT_LISTED } }, { field: "team" });
  }
  if (present(sealed)) return { publicLine, contactEmail, team, nameAt, sealed: sealed! };
  const { name, title } = parsed.data as SignatureInput;
  return { publicLine, contactEmail, team, nameAt, identity: { name, title } };
}

/**
 * The identity as the letter wants it sealed, before the transaction (sealing is
 * async; the store's steps are not): a checked envelope for a letter with trustees
 * (the browser's, or sealed here from the plain identity), or the plain identity
 * for the server to seal under the data key.
 */
async function identityToStore(letter: { id: string; hasTrustees?: boolean }, signatureId: string, input: ValidSignature) {
  // Trustees are fixed once a letter opens: a letter known to have none needs no read.
  const sealing = letter.hasTrustees === false ? null : await trusteeSealingFor(letter.id);
  if ("sealed" in input) {
    // A letter without trustees, or whose names are out, has nobody to seal for.
    if (!sealing) throw new AppError("sealed-identity-unexpected");
    return { envelope: checkedEnvelope(input.sealed, sealing), identity: null };
  }
  if (!sealing) return { envelope: null, identity: input.identity };
  return { envelope: await sealOnServer(input.identity, sealing, signatureId), identity: input.identity };
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
    if (made) return { receiptToken: made, revealed: false, awaitingTrustees: false, submittedAgain: true };
    throw new AppError("not-verified");
  }
  const receipt = receiptOf(verificationToken!);
  const signatureId = receipt.id;
  const { envelope, identity } = await identityToStore(typeof letterOrId === "string" ? { id: letterId } : letterOrId, signatureId, input);
  const stored = await (
    await signingStore()
  ).storeSignature({
    letterId,
    verificationId: verification.id,
    now,
    // A revealed letter still takes signatures until it is published (names then show at once).
    signature: (letter) => {
      const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey);
      const row = { letterId, signatureId };
      // Checked again under the letter's lock: if the trustees released the names
      // since, the server seals as it does for any revealed letter, and an envelope
      // from the browser (no plain name to fall back on) is refused, nothing stored.
      const forTrustees = envelope !== null && !namesVisible(letter.status);
      if (envelope && !forTrustees && !identity) throw new AppError("sealed-identity-unexpected");
      return {
        id: signatureId,
        letterId,
        emailTag: verification.emailTag,
        publicLine: input.publicLine ?? null,
        sealedIdentity: forTrustees ? wrapTrusteeEnvelope(dataKey, row, envelope) : sealIdentity(dataKey, row, identity!),
        identitySealing: forTrustees ? IdentitySealing.TRUSTEES : IdentitySealing.SERVER,
        // The contact address is sealed by the server on every letter: it must mail it.
        sealedContact: input.contactEmail ? sealContact(dataKey, row, input.contactEmail) : null,
        receiptHash: receipt.secretHash,
        signedOn: startOfDayUtc(now),
        orderKey: crypto.randomBytes(8).toString("hex"),
        team: input.team,
        // Stored on a decoy receipt too (decision 010): its receipt says it the same way.
        nameAt: input.nameAt,
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
      return { receiptToken: receipt.token, revealed: stored.revealed, awaitingTrustees: stored.awaitingTrustees, submittedAgain: false };
    case "not-open":
      throw new AppError("no-longer-collecting");
    case "verification-used": {
      // A concurrent submit from this browser signed first: its receipt is the one.
      const made = await receiptAlreadyMade(verificationToken);
      if (made) return { receiptToken: made, revealed: false, awaitingTrustees: false, submittedAgain: true };
      throw new AppError("verification-used");
    }
  }
}
