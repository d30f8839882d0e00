// What the trustee page (/trustee/<token>) shows its holder: the letter they are
// asked to guard, who asks (the organization), how they were described, k of n,
// and their key: registered or not, and its fingerprint as computed here.
import { hashSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { expiredIfPastDeadline } from "~/domain/letters/close-letter.server";
import { settledCoolingOff } from "~/domain/letters/cooling-off.server";
import { isEditable, shownStatus, withLetterStatus } from "~/domain/letters/lifecycle";
import { renderLetterMarkdown } from "~/publishing/markdown.server";
import { keyFingerprint } from "./trustee-crypto.server";
import { TRUSTEE_TOKEN_SHAPE } from "./trustee-rules";
import { trusteesForLetter } from "./trustees-for-letter.server";

/** The trustee behind an invitation token, or null (no such token, or the trustee was removed). */
export async function findTrusteeByToken(token: string | undefined) {
  if (!token || !TRUSTEE_TOKEN_SHAPE.test(token)) return null;
  return db().trustee.findUnique({ where: { inviteHash: hashSecret(token) } });
}

/** Null when the link leads nowhere. */
export async function trusteeInvitation(token: string | undefined) {
  const trustee = await findTrusteeByToken(token);
  if (!trustee) return null;
  const found = await db().letter.findUniqueOrThrow({ where: { id: trustee.letterId } });
  const letter = withLetterStatus(await settledCoolingOff(await expiredIfPastDeadline(found)));
  const all = (await trusteesForLetter(letter.id))!;
  return {
    // The trustee's browser binds the key file to both (createTrusteeKey).
    letterId: letter.id,
    trusteeId: trustee.id,
    letter: {
      // Cooling off only as the count batch shows it (decision 020).
      status: shownStatus(letter),
      title: letter.title,
      addressee: letter.addressee,
      organizationName: letter.organizationName,
      bodyHtml: renderLetterMarkdown(letter.body),
      textHash: letter.textHash,
    },
    you: {
      position: trustee.position,
      description: trustee.description,
      fingerprint: trustee.publicKey ? await keyFingerprint(trustee.publicKey) : null,
      registeredAt: trustee.keyRegisteredAt?.toISOString() ?? null,
    },
    threshold: all.threshold,
    count: all.count,
    trustees: all.trustees,
    canRegister: !trustee.publicKey && isEditable(letter.status),
  };
}
