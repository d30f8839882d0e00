// What every step of the trustees' release (issue 15) starts with: the trustee
// behind the link, their letter, and whether the letter takes shares now. Shares
// are taken while the letter waits for its trustees, and after the reveal while
// signatures made in between still wait (a top-up); never before the threshold,
// never once it is closed or published.
import type { Tx } from "~/db/client.server";
import { db } from "~/db/client.server";
import { AppError, NotFoundError } from "~/errors";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { awaitsPublication, awaitsTrustees, isClosed, isPublished, type LetterStatus, withLetterStatus } from "~/domain/letters/lifecycle";
import { nameAtMetWhere } from "~/domain/letters/name-conditions";
import { findTrusteeByToken } from "./trustee-invitation.server";

export async function trusteeForRelease(token: string | undefined) {
  const trustee = await findTrusteeByToken(token);
  if (!trustee) throw new NotFoundError();
  const letter = withLetterStatus(
    await db().letter.findUniqueOrThrow({
      where: { id: trustee.letterId },
      select: {
        id: true,
        status: true,
        title: true,
        textHash: true,
        trusteeThreshold: true,
        signatureCount: true,
        wrappedDataKey: true,
      },
    }),
  );
  return { trustee, letter };
}

/**
 * The trustee-sealed signatures a release covers now (decision 019): those whose
 * own condition the letter's live count meets. One met later waits in its
 * envelope, and makes the letter take shares again (a top-up), as a signature made
 * after the reveal does.
 */
export function coveredByRelease(letter: { id: string; signatureCount: number }) {
  return { letterId: letter.id, identitySealing: IdentitySealing.TRUSTEES, ...nameAtMetWhere(letter.signatureCount) };
}

/** Trustee-sealed signatures of the letter a release covers now: what still waits for the trustees. */
export function countStillSealed(client: Pick<Tx, "signature">, letter: { id: string; signatureCount: number }) {
  return client.signature.count({ where: coveredByRelease(letter) });
}

/** Trustee-sealed signatures a release covers now that this trustee has released no share of yet. */
export function countAwaitingShareFrom(client: Pick<Tx, "signature">, letter: { id: string; signatureCount: number }, trusteeId: string) {
  return client.signature.count({ where: { ...coveredByRelease(letter), trusteeShares: { none: { trusteeId } } } });
}

/** Why the letter takes no shares now, or null when it does. */
export type ReleaseRefusal = "release-not-yet" | "release-closed" | "release-over";
export function releaseRefusal(status: LetterStatus, stillSealed: number): ReleaseRefusal | null {
  if (awaitsTrustees(status)) return null;
  if (awaitsPublication(status)) return stillSealed > 0 ? null : "release-over";
  if (isClosed(status)) return "release-closed";
  if (isPublished(status)) return "release-over";
  return "release-not-yet";
}

/** Throws the refusal for a letter that takes no shares now, or for a trustee who refused. */
export async function assertTakesShares(
  letter: { id: string; status: LetterStatus; signatureCount: number },
  trustee: { refusedAt: Date | null },
) {
  const refusal = releaseRefusal(letter.status, await countStillSealed(db(), letter));
  if (refusal) throw new AppError(refusal);
  if (trustee.refusedAt) throw new AppError("release-after-refusal");
}

/**
 * Inside a write transaction: holds the letter in the status it was checked in (a
 * write that changes nothing, taking the row's lock on PostgreSQL), or throws.
 * Cancellation and the reveal's flip take the same lock, so shares are never
 * stored for a letter that closed a moment ago.
 */
export async function holdStatus(tx: Tx, letter: { id: string; status: LetterStatus }) {
  const { count } = await tx.letter.updateMany({ where: { id: letter.id, status: letter.status }, data: { status: letter.status } });
  if (count === 0) throw new AppError("release-status-changed");
}
