// A trustee registers the public key their browser made (issue 15). Only the
// public key ever reaches the server. Once only: a registered key is what shares
// will be sealed to, so replacing it later would let whoever holds the link swap
// in a key of their own. Only while the letter is a draft: once it opens, the
// trustees and their keys are what signers were shown.
import { db } from "~/db/client.server";
import { AppError, NotFoundError } from "~/errors";
import { recordAudit } from "~/domain/letters/audit.server";
import { holdDraft } from "./trustee-letter.server";
import { keyFingerprint } from "./trustee-crypto.server";
import { findTrusteeByToken } from "./trustee-invitation.server";
import { PUBLIC_KEY_BYTES } from "./trustee-rules";

const bytes = (b: Uint8Array) => new Uint8Array(b) as Uint8Array<ArrayBuffer>;

/** Returns the fingerprint computed here from the stored key, for the trustee to compare with their browser's. */
export async function registerTrusteeKey(token: string | undefined, publicKey: Uint8Array) {
  const trustee = await findTrusteeByToken(token);
  if (!trustee) throw new NotFoundError();
  if (trustee.publicKey) throw new AppError("trustee-key-already-registered");
  // All zeros is the one 32-byte value that is surely no one's key (X25519's identity).
  if (publicKey.length !== PUBLIC_KEY_BYTES || publicKey.every((b) => b === 0)) throw new AppError("trustee-key-invalid");
  const key = bytes(publicKey);
  await db().$transaction(async (tx) => {
    await holdDraft(tx, trustee.letterId, "trustee-registration-closed");
    // Two trustees with one key would be one key holding two shares.
    const twin = await tx.trustee.findFirst({ where: { letterId: trustee.letterId, publicKey: { equals: key } }, select: { id: true } });
    if (twin) throw new AppError("trustee-key-duplicate");
    const { count } = await tx.trustee.updateMany({
      where: { id: trustee.id, publicKey: null },
      data: { publicKey: key, keyRegisteredAt: new Date() },
    });
    if (count === 0) {
      // Removed meanwhile: the link leads nowhere now. Registered meanwhile (a second tab): the first key stands.
      const still = await tx.trustee.findUnique({ where: { id: trustee.id }, select: { id: true } });
      throw still ? new AppError("trustee-key-already-registered") : new NotFoundError();
    }
    // The organizers' own words for the trustee, so the trail says which one.
    await recordAudit(tx, trustee.letterId, "trustee-key-registered", { detail: trustee.description });
  });
  return { fingerprint: await keyFingerprint(key) };
}
