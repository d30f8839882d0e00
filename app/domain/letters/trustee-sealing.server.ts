// Sealing a signer's identity for a letter's trustees (issue 15, decision 015). While
// a letter with trustees is OPEN or AWAITING_TRUSTEES, a signature's name and title
// are sealed with the trustees' registered public keys: in the signer's browser
// (which posts only the envelope), or, without JavaScript, here, before the signing
// transaction. Either way the server then holds an envelope it cannot open alone.
// Once the names are out (REVEALED), signatures are sealed by the server as before.
import { envelopeInfo, envelopeSize, fromBase64Url, sealForTrustees, toBase64Url, type Identity } from "~/crypto/trustee";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { trusteeCryptoBuild } from "~/domain/trustees/trustee-crypto.server";
import { isSealedAndSigning, letterStatus } from "./lifecycle";
import { receiptOf } from "./signing-receipt.server";

/** What sealing for a letter's trustees needs: everything but the signature's id. */
export type TrusteeSealing = {
  letterId: string;
  textHash: string;
  threshold: number;
  /** In position order: the order their shares are sealed in. */
  trustees: { id: string; publicKey: Uint8Array }[];
};

/**
 * The letter's trustees and k, when a signature made now is sealed for them: a letter
 * with trustees, still sealed and taking signatures. Null otherwise (no trustees, or
 * the names are out and the server seals as it always did).
 */
export async function trusteeSealingFor(letterId: string): Promise<TrusteeSealing | null> {
  const letter = await db().letter.findUnique({
    where: { id: letterId },
    select: {
      status: true,
      trusteeThreshold: true,
      textHash: true,
      trustees: { orderBy: { position: "asc" }, select: { id: true, publicKey: true } },
    },
  });
  if (!letter || letter.trusteeThreshold === null || !isSealedAndSigning(letterStatus(letter.status))) return null;
  // Opening guarantees a text hash and every key (assertTrusteesReady): a letter
  // without them is a corrupted row, and no signature may fall back to less.
  if (!letter.textHash || letter.trustees.some((t) => !t.publicKey))
    throw new Error(`letter ${letterId} has trustees but no key or text hash`);
  return {
    letterId,
    textHash: letter.textHash,
    threshold: letter.trusteeThreshold,
    trustees: letter.trustees.map((t) => ({ id: t.id, publicKey: new Uint8Array(t.publicKey!) })),
  };
}

/** What the signature step's page needs to seal in the browser (JSON: keys as base64url). */
export type BrowserSealing = {
  letterId: string;
  signatureId: string;
  textHash: string;
  threshold: number;
  trustees: { id: string; publicKey: string }[];
  /** The crypto bundle, with Subresource Integrity; null when this build has none (the server seals). */
  bundle: { src: string; integrity: string; sha256: string } | null;
};

/** For the signature step of a verified browser: its signature's id is derived from its verification token. */
export async function browserSealingFor(letterId: string, verificationToken: string): Promise<BrowserSealing | null> {
  const sealing = await trusteeSealingFor(letterId);
  if (!sealing) return null;
  const build = trusteeCryptoBuild();
  return {
    letterId,
    signatureId: receiptOf(verificationToken).id,
    textHash: sealing.textHash,
    threshold: sealing.threshold,
    trustees: sealing.trustees.map((t) => ({ id: t.id, publicKey: toBase64Url(t.publicKey) })),
    bundle: build,
  };
}

/**
 * Without JavaScript: the server seals with the same public keys the moment the form
 * arrives. The plaintext lives only in this request's memory; a failure says nothing
 * of it (the trustee module's messages never quote an identity, and none is passed on).
 */
export async function sealOnServer(identity: Identity, sealing: TrusteeSealing, signatureId: string): Promise<Uint8Array> {
  try {
    return await sealForTrustees(identity, { ...sealing, signatureId });
  } catch (error) {
    const reason = (error as { reason?: unknown })?.reason;
    throw new Error(`sealing for the trustees failed (${typeof reason === "string" ? reason : "unknown"})`);
  }
}

/**
 * A posted envelope, checked as hostile input before anything stores it: its size
 * bounded before decoding, canonical base64url, exactly the size every envelope of
 * this letter has, and made for this letter's k and trustees, in their order.
 * What it cannot check is the name inside: that is the point of sealing in the
 * browser. A signer could seal nonsense (so can they type it); the trustees see it
 * only at the release, and the organizers at the reveal, as with any name.
 */
export function checkedEnvelope(posted: string, sealing: TrusteeSealing): Uint8Array {
  const ids = sealing.trustees.map((t) => t.id);
  const size = envelopeSize(ids);
  const refuse = () => new AppError("sealed-identity-invalid");
  // fromBase64Url refuses text longer than `size` bytes' worth before decoding any of it.
  const bytes = fromBase64Url(posted, size);
  if (!bytes || bytes.length !== size) throw refuse();
  let info: ReturnType<typeof envelopeInfo>;
  try {
    info = envelopeInfo(bytes);
  } catch {
    throw refuse();
  }
  if (info.threshold !== sealing.threshold || info.trusteeIds.length !== ids.length || info.trusteeIds.some((id, i) => id !== ids[i]))
    throw refuse();
  return bytes;
}

/** What pages say of a letter with trustees: k of n, and the SHA-256 of the sealing code this server sends. Null without trustees. */
export async function trusteeModelFor(letterId: string): Promise<{ threshold: number; count: number; codeSha256: string | null } | null> {
  const letter = await db().letter.findUnique({
    where: { id: letterId },
    select: { trusteeThreshold: true, _count: { select: { trustees: true } } },
  });
  if (!letter || letter.trusteeThreshold === null) return null;
  return { threshold: letter.trusteeThreshold, count: letter._count.trustees, codeSha256: trusteeCryptoBuild()?.sha256 ?? null };
}
