// The signer's receipt: a secret link "<signature id>.<secret>", SHA-256 stored.
// It shows the letter's status and the signer's own line, their own name once
// revealed, and lets them withdraw until publication — deleting the row, not flagging it.
import { parseToken, secretMatches } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { readOwnIdentity } from "~/letters/unseal.server";
import { expireIfDue } from "./close-letter.server";

async function findSignature(receiptToken: string) {
  const parsed = parseToken(receiptToken);
  if (!parsed) return null;
  const signature = await db().signature.findUnique({ where: { id: parsed.id } });
  return signature && secretMatches(parsed.secret, signature.receiptHash) ? signature : null;
}

const gone = () => new Response("Not found", { status: 404 });

export async function viewReceipt(receiptToken: string) {
  const found = await findSignature(receiptToken);
  if (!found) throw gone();
  await expireIfDue(found.letterId);
  const signature = await db().signature.findUnique({ where: { id: found.id } });
  if (!signature) throw gone();
  const letter = await db().letter.findUniqueOrThrow({
    where: { id: signature.letterId },
    select: { id: true, title: true, addressee: true, organizationName: true, status: true, threshold: true, deadline: true, textHash: true },
  });
  return {
    letter,
    publicLine: signature.publicLine,
    signedOn: signature.signedOn,
    identity: await readOwnIdentity(letter.id, signature.id),
    canWithdraw: letter.status === "OPEN" || letter.status === "REVEALED",
  };
}

export async function withdrawSignature(receiptToken: string) {
  const signature = await findSignature(receiptToken);
  if (!signature) throw gone();
  await db().$transaction(async (tx) => {
    // Same lock order as signing: the letter row first.
    const letter = await tx.letter.updateMany({
      where: { id: signature.letterId, status: { in: ["OPEN", "REVEALED"] } },
      data: { signatureCount: { decrement: 1 } },
    });
    if (letter.count === 0) throw new AppError("final", "This letter is published or closed: its list can no longer change.", { status: 409 });
    const deleted = await tx.signature.deleteMany({ where: { id: signature.id } });
    if (deleted.count === 0) throw gone();
    // Before the reveal the withdrawal shows (in the count and the audit trail) only
    // at the next count batch; past it, the count follows at once.
  });
}
