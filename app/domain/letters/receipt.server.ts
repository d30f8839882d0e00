// The signer's receipt: a secret link "<signature id>.<secret>", SHA-256 stored.
// It shows the letter's status and the signer's own line, their own name once
// revealed (not on a letter with trustees: see below), and lets them withdraw until publication — deleting the row, not flagging it.
// A decoy receipt (a duplicate's, decision 010) shows and withdraws the same way,
// and withdrawing it deletes only it: the count and the first signature stay.
import { parseToken, secretMatches } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError, NotFoundError } from "~/errors";
import {
  acceptsSignatures,
  isSealedAndSigning,
  LetterStatus,
  shownStatus,
  SIGNING_STATUSES,
  withLetterStatus,
} from "~/domain/letters/lifecycle";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { readOwnIdentity } from "~/domain/letters/unseal.server";
import { nameAtMet } from "~/domain/letters/name-conditions";
import { expireIfDue } from "./close-letter.server";
import { endCoolingOffIfDue, undoCoolingOffIfBelow } from "./cooling-off.server";
import { trusteeModelFor } from "./trustee-sealing.server";

const columns = {
  id: true,
  letterId: true,
  publicLine: true,
  sealedIdentity: true,
  identitySealing: true,
  receiptHash: true,
  signedOn: true,
  nameAt: true,
} as const;

async function findReceipt(receiptToken: string) {
  const parsed = parseToken(receiptToken);
  if (!parsed) return null;
  // Both tables, always: a decoy costs what a signature costs to look up.
  const [signature, decoy] = await Promise.all([
    db().signature.findUnique({ where: { id: parsed.id }, select: columns }),
    db().decoyReceipt.findUnique({ where: { id: parsed.id }, select: columns }),
  ]);
  const found = signature ? { ...signature, decoy: false } : decoy ? { ...decoy, decoy: true } : null;
  return found && secretMatches(parsed.secret, found.receiptHash) ? found : null;
}

const gone = () => new NotFoundError();

export async function viewReceipt(receiptToken: string) {
  const found = await findReceipt(receiptToken);
  if (!found) throw gone();
  await expireIfDue(found.letterId);
  await endCoolingOffIfDue(found.letterId);
  // Expiry shreds every row: read again.
  const receipt = await findReceipt(receiptToken);
  if (!receipt) throw gone();
  const letter = withLetterStatus(
    await db().letter.findUniqueOrThrow({
      where: { id: receipt.letterId },
      select: {
        id: true,
        title: true,
        addressee: true,
        organizationName: true,
        status: true,
        threshold: true,
        deadline: true,
        textHash: true,
        trusteeThreshold: true,
        signatureCount: true,
        batchedCoolingOffEndsAt: true,
      },
    }),
  );
  // As every page shows it: cooling off only once the count batch shows it (decision 020).
  const status = shownStatus(letter);
  const coolingOffEndsAt = status === LetterStatus.COOLING_OFF ? letter.batchedCoolingOffEndsAt!.toISOString() : null;
  const withTrustees = letter.trusteeThreshold !== null;
  return {
    letter: { ...letter, status, coolingOffEndsAt },
    publicLine: receipt.publicLine,
    signedOn: receipt.signedOn,
    /** The signer's own bar (decision 019), signatures and decoys alike; null for none. */
    nameAt: receipt.nameAt,
    /** That bar when the live count does not meet it (the same for a decoy: the count is the letter's); null otherwise. */
    waitingForCount: receipt.nameAt !== null && !nameAtMet(receipt.nameAt, letter.signatureCount) ? receipt.nameAt : null,
    // Never on a letter with trustees: its decoy receipts stay in their trustee
    // envelopes for good (no trustee releases a decoy), so a receipt that showed a
    // name after the reveal would tell a real signature from a decoy (decision 010).
    identity: withTrustees ? null : await readOwnIdentity(letter.id, receipt),
    withTrustees,
    // Sealed for the letter's trustees (decision 015): k of n and the sealing code's
    // SHA-256, for what the receipt says protects it. Null when the server sealed it,
    // and once the names are out: the reveal reseals signatures but not decoy
    // receipts, so past it the column would tell a decoy apart (decision 010).
    sealedForTrustees:
      isSealedAndSigning(letter.status) && receipt.identitySealing === IdentitySealing.TRUSTEES ? await trusteeModelFor(letter.id) : null,
    canWithdraw: acceptsSignatures(letter.status),
  };
}

export async function withdrawSignature(receiptToken: string) {
  const receipt = await findReceipt(receiptToken);
  if (!receipt) throw gone();
  await db().$transaction(async (tx) => {
    // Same lock order as signing: the letter row first. A decoy counted nowhere:
    // the same guarded update, moving the count by nothing.
    const letter = await tx.letter.updateMany({
      where: { id: receipt.letterId, status: { in: [...SIGNING_STATUSES] } },
      data: { signatureCount: { decrement: receipt.decoy ? 0 : 1 } },
    });
    if (letter.count === 0) throw new AppError("final");
    const deleted = receipt.decoy
      ? await tx.decoyReceipt.deleteMany({ where: { id: receipt.id } })
      : await tx.signature.deleteMany({ where: { id: receipt.id } });
    if (deleted.count === 0) throw gone();
    // Below the threshold again while cooling off: back to collecting (decision 020).
    await undoCoolingOffIfBelow(tx, receipt.letterId);
    // Before the reveal the withdrawal shows (in the count, the listed lines and the
    // audit trail) only at the next count batch; past it, the count follows at once.
  });
}
