// Which of the signing steps a browser is at, behind a private link: its work email,
// the code sent to it, the signature form, or none when the letter takes no
// signatures. Decided from the letter's status and the browser's signing cookie
// (its verification), never from whether the address signed before: after the
// code every browser is at "sign" (decision 010).
import { NotFoundError } from "~/errors";
import { privateLetterPath, signingPath } from "~/lib/public-urls";
import { acceptsSignatures, type LetterStatus } from "./lifecycle";
import { findSigningVerification } from "./signing-verification.server";
import { findLetterToSign } from "./view-letter.server";

export type SignerStep = "email" | "code" | "sign" | "closed";

/** The letter behind a private link, for the signing steps, with the paths they lead to; 404 when the link leads nowhere. */
export async function requireLetterToSign(slug: string | undefined) {
  const letter = slug === undefined ? null : await findLetterToSign(slug);
  if (slug === undefined || !letter) throw new NotFoundError();
  return { letter, letterPath: privateLetterPath(slug), signPath: signingPath(slug) };
}

/**
 * The step for this browser's verification token (from its cookie). `timedOut`: a
 * code or signing window ran out, so the page can say so rather than silently
 * start over.
 */
export async function signerStepOf(
  letter: { id: string; status: LetterStatus },
  token: string | null,
  now = new Date(),
): Promise<{ step: SignerStep; timedOut: boolean }> {
  if (!acceptsSignatures(letter.status)) return { step: "closed", timedOut: false };
  const verification = await findSigningVerification(token, letter.id);
  const live = verification && verification.expiresAt > now ? verification : null;
  const timedOut = verification !== null && live === null;
  if (!live) return { step: "email", timedOut };
  return { step: live.verifiedAt ? "sign" : "code", timedOut };
}

/** The signing page behind a private link: the letter, its paths, and this browser's step. */
export async function viewSigningStep(slug: string | undefined, token: string | null, now = new Date()) {
  const found = await requireLetterToSign(slug);
  return { ...found, ...(await signerStepOf(found.letter, token, now)) };
}
