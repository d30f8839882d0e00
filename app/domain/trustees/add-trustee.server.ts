// An organizer names a trustee of a draft (issue 15): how signers will read them
// described, and the address their invitation goes to. The address is sealed under
// the letter's data key (decision 015), and the invitation link's token is kept
// only as its SHA-256: the mail, sealed in the outbox, is the one place it exists.
import crypto from "node:crypto";
import { type Limit, consumeRateLimit } from "~/auth/rate-limit.server";
import { sealTrusteeEmail, unsealTrusteeEmail } from "~/crypto/sealing.server";
import { hashSecret, randomSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { isEditable } from "~/domain/letters/lifecycle";
import { domainsOf } from "~/domain/letters/work-email.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { trusteeInvitationPath } from "~/lib/public-urls";
import { enqueueMail } from "~/mail/outbox.server";
import { trusteeInvitationMail } from "~/mail/templates/trustees.server";
import { draftDataKey, holdDraft } from "./trustee-letter.server";
import { type AddTrusteeInput, MAX_TRUSTEES } from "./trustee-rules";

const HOUR = 60 * 60_000;

// Like invitations to co-organize: each sends mail to any address typed, so an
// account cannot be used to spam strangers, nor one address through remove-and-add
// loops (keyed by letter too, so hitting it says nothing about other letters).
const invitesPerOrganizer: Limit = { name: "invite-trustee", max: 30, windowMs: HOUR, what: "trustee invitations sent" };
const invitesPerLetterAddress: Limit = {
  name: "invite-trustee-address",
  max: 3,
  windowMs: 24 * HOUR,
  what: "trustee invitations to this address",
};

/** A work address at the letter's own domains would put the trustee's invitation, and the trustee, in the employer's hands. */
function refuseWorkAddress(email: string, letter: { allowedDomains: string; organizationName: string }) {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (domainsOf(letter).some((d) => domain === d || domain.endsWith(`.${d}`))) {
    throw new AppError("trustee-work-address", { organizationName: letter.organizationName });
  }
}

/** Adds a trustee at the end of the draft's list and queues their invitation, with the audit row, in one transaction. */
export async function addTrustee(userId: string, letterId: string, input: AddTrusteeInput) {
  const email = input.email.trim().toLowerCase();
  const letter = await letterForOrganizer(userId, letterId);
  if (!isEditable(letter.status)) throw new AppError("trustees-frozen");
  refuseWorkAddress(email, letter);
  await consumeRateLimit(invitesPerOrganizer, userId);
  await consumeRateLimit(invitesPerLetterAddress, `${letterId}:${email}`);

  const token = randomSecret();
  try {
    return await db().$transaction(async (tx) => {
      await holdDraft(tx, letterId);
      const trustees = await tx.trustee.findMany({ where: { letterId }, select: { id: true, sealedEmail: true } });
      if (trustees.length >= MAX_TRUSTEES) throw new AppError("too-many-trustees", { max: MAX_TRUSTEES });
      const id = crypto.randomUUID();
      const dataKey = await draftDataKey(tx, letterId);
      let sealedEmail: Uint8Array<ArrayBuffer>;
      try {
        // One person as two trustees would hold two shares: the same address twice is refused.
        const taken = trustees.some(
          (t) => t.sealedEmail && unsealTrusteeEmail(dataKey, { letterId, trusteeId: t.id }, t.sealedEmail) === email,
        );
        if (taken) throw new AppError("trustee-duplicate-email");
        sealedEmail = sealTrusteeEmail(dataKey, { letterId, trusteeId: id }, email);
      } finally {
        dataKey.fill(0);
      }
      await tx.trustee.create({
        data: { id, letterId, position: trustees.length, description: input.description, sealedEmail, inviteHash: hashSecret(token) },
      });
      await recordAudit(tx, letterId, "trustee-added", { actorUserId: userId, detail: input.description });
      const inviter = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { displayName: true } });
      const link = absoluteUrl(trusteeInvitationPath(token));
      await enqueueMail(tx, {
        to: email,
        ...trusteeInvitationMail({ inviterName: inviter.displayName, description: input.description, link }),
      });
      return { trusteeId: id };
    });
  } catch (error) {
    // Another change took the position first (only where transactions interleave).
    if (isUniqueViolation(error)) throw new AppError("trustees-changed");
    throw error;
  }
}
