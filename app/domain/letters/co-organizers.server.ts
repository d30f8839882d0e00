// Co-organizers. Any organizer of a letter may invite someone by their login email;
// the invitation waits for whoever signs in with that address, verified. Inviting
// an address without an account therefore looks and works exactly like inviting one
// with an account: same answer, same mail, same pending row (no account enumeration).
// Organizers see each other's display names, never each other's login email (the
// account page promises "Nobody else sees your email"); pending invitations show the
// address an organizer typed. Every organizer can do everything on the letter.
import { type Limit, consumeRateLimit } from "~/auth/rate-limit.server";
import { db } from "~/db/client.server";
import { AppError, NotFoundError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { CLOSED_STATUSES, isClosed, letterStatus } from "~/domain/letters/lifecycle";
import { enqueueMail } from "~/mail/outbox.server";
import { organizerInvitationMail } from "~/mail/templates/organizers.server";
import { isUniqueViolation } from "~/db/errors.server";

/** Organizers and pending invitations together: a letter is run by a small group. */
export const MAX_ORGANIZERS = 20;

const HOUR = 60 * 60_000;

// Invitations send mail to any address typed: limits keep an account from being used
// to spam strangers, or one address through cancel-and-invite loops. The second is
// keyed by letter too, so hitting it says nothing about other letters' invitations.
const invitesPerOrganizer: Limit = { name: "invite-organizer", max: 30, windowMs: HOUR, what: "invitations sent" };
const invitesPerLetterAddress: Limit = { name: "invite-address", max: 3, windowMs: 24 * HOUR, what: "invitations to this address" };

type Invitee = { id: string; email: string; emailVerifiedAt: Date | null };

const notFound = () => new NotFoundError();

function alreadyInvited() {
  return new AppError("already-invited");
}

function requireVerified(user: Invitee) {
  if (!user.emailVerifiedAt) {
    throw new AppError("unverified");
  }
}

/** Display names by user id, in one query; people who deleted their account are missing. */
async function namesOf(userIds: string[]) {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map<string, string>();
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

const FORMER_ORGANIZER = "A former organizer";

/**
 * Invites `email` to co-organize the letter and queues the invitation mail, in one
 * transaction with the audit row. The mail names the inviter, never the letter.
 */
export async function inviteOrganizer(userId: string, letterId: string, rawEmail: string) {
  const email = rawEmail.trim().toLowerCase();
  const letter = await letterForOrganizer(userId, letterId);
  if (isClosed(letter.status)) {
    throw new AppError("letter-closed");
  }
  await consumeRateLimit(invitesPerOrganizer, userId);
  await consumeRateLimit(invitesPerLetterAddress, `${letterId}:${email}`);
  try {
    await db().$transaction(async (tx) => {
      // The same queries run whether or not `email` has an account.
      const organizer = await tx.letterOrganizer.findFirst({ where: { letterId, user: { email } }, select: { userId: true } });
      if (organizer) {
        throw new AppError("already-organizer");
      }
      const existing = await tx.organizerInvitation.findUnique({ where: { letterId_email: { letterId, email } } });
      if (existing && !existing.acceptedAt) throw alreadyInvited();
      // Accepted by someone who is no longer an organizer (account deleted): start afresh.
      if (existing) await tx.organizerInvitation.delete({ where: { id: existing.id } });

      const organizers = await tx.letterOrganizer.count({ where: { letterId } });
      const pending = await tx.organizerInvitation.count({ where: { letterId, acceptedAt: null } });
      if (organizers + pending >= MAX_ORGANIZERS) {
        throw new AppError("too-many-organizers", { max: MAX_ORGANIZERS });
      }

      const inviter = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { displayName: true } });
      await tx.organizerInvitation.create({ data: { letterId, email, invitedById: userId } });
      // The audit trail keeps who invited, not whom: the address stays on the pending
      // invitation only, and goes with it once accepted or cancelled.
      await recordAudit(tx, letterId, "organizer-invited", { actorUserId: userId });
      await enqueueMail(tx, { to: email, ...organizerInvitationMail(inviter.displayName) });
    });
  } catch (error) {
    // Two organizers inviting the same address at once: the second meets the unique key.
    if (isUniqueViolation(error)) throw alreadyInvited();
    throw error;
  }
}

/** The letter's organizers (display names and roles) and its pending invitations. */
export async function listOrganizers(userId: string, letterId: string) {
  const letter = await letterForOrganizer(userId, letterId);
  const organizers = await db().letterOrganizer.findMany({
    where: { letterId },
    orderBy: { createdAt: "asc" },
    select: { userId: true, role: true, createdAt: true, user: { select: { displayName: true } } },
  });
  const invitations = await db().organizerInvitation.findMany({ where: { letterId, acceptedAt: null }, orderBy: { createdAt: "asc" } });
  const inviters = await namesOf(invitations.map((i) => i.invitedById));
  return {
    letter: { id: letter.id, title: letter.title, status: letter.status },
    canInvite: !isClosed(letter.status) && organizers.length + invitations.length < MAX_ORGANIZERS,
    organizers: organizers.map((o) => ({
      displayName: o.user.displayName,
      role: o.role,
      isYou: o.userId === userId,
      since: o.createdAt.toISOString(),
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      invitedBy: inviters.get(i.invitedById) ?? FORMER_ORGANIZER,
      invitedAt: i.createdAt.toISOString(),
    })),
  };
}

/** An organizer withdraws a pending invitation. Returns the letter's id. */
export async function cancelInvitation(userId: string, invitationId: string) {
  return db().$transaction(async (tx) => {
    // Only an organizer of the invitation's letter finds it; anyone else gets 404.
    const invitation = await tx.organizerInvitation.findFirst({
      where: { id: invitationId, letter: { organizers: { some: { userId } } } },
    });
    if (!invitation) throw notFound();
    const { count } = await tx.organizerInvitation.deleteMany({ where: { id: invitationId, acceptedAt: null } });
    if (count === 0) {
      const now = await tx.organizerInvitation.findUnique({ where: { id: invitationId }, select: { acceptedAt: true } });
      if (now?.acceptedAt) {
        throw new AppError("already-accepted");
      }
      return invitation.letterId; // cancelled by someone else meanwhile: once is enough
    }
    await recordAudit(tx, invitation.letterId, "invitation-cancelled", { actorUserId: userId });
    return invitation.letterId;
  });
}

/** Pending invitations for the signed-in user's verified login email (closed letters left out). */
export async function listInvitationsFor(user: Invitee) {
  if (!user.emailVerifiedAt) return [];
  const invitations = await db().organizerInvitation.findMany({
    where: { email: user.email, acceptedAt: null, letter: { status: { notIn: [...CLOSED_STATUSES] } } },
    orderBy: { createdAt: "desc" },
    select: { id: true, invitedById: true, createdAt: true, letter: { select: { title: true, status: true } } },
  });
  const inviters = await namesOf(invitations.map((i) => i.invitedById));
  return invitations.map((i) => ({
    id: i.id,
    letterTitle: i.letter.title,
    letterStatus: letterStatus(i.letter.status),
    invitedBy: inviters.get(i.invitedById) ?? FORMER_ORGANIZER,
    invitedAt: i.createdAt.toISOString(),
  }));
}

export async function countPendingInvitations(user: Invitee) {
  if (!user.emailVerifiedAt) return 0;
  return db().organizerInvitation.count({
    where: { email: user.email, acceptedAt: null, letter: { status: { notIn: [...CLOSED_STATUSES] } } },
  });
}

/**
 * The invitee joins the letter as a co-organizer. Only the holder of the invited,
 * verified address can; anyone else gets 404. Guarded on `acceptedAt`: accepting
 * twice (or from two tabs at once) joins once. Returns the letter's id.
 */
export async function acceptInvitation(user: Invitee, invitationId: string) {
  requireVerified(user);
  return db().$transaction(async (tx) => {
    const invitation = await tx.organizerInvitation.findFirst({ where: { id: invitationId, email: user.email } });
    if (!invitation) throw notFound();
    const { letterId } = invitation;
    const { count } = await tx.organizerInvitation.updateMany({
      where: { id: invitationId, email: user.email, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (count === 0) return letterId;
    const member = await tx.letterOrganizer.findUnique({ where: { letterId_userId: { letterId, userId: user.id } } });
    if (!member) {
      await tx.letterOrganizer.create({ data: { letterId, userId: user.id, role: "co-organizer" } });
      await recordAudit(tx, letterId, "organizer-joined", { actorUserId: user.id });
    }
    return letterId;
  });
}

/**
 * The invitee says no: the invitation goes. The audit line names nobody, since the
 * invitee never joined. Declining what is no longer pending changes nothing.
 */
export async function declineInvitation(user: Invitee, invitationId: string) {
  requireVerified(user);
  await db().$transaction(async (tx) => {
    const invitation = await tx.organizerInvitation.findFirst({ where: { id: invitationId, email: user.email, acceptedAt: null } });
    if (!invitation) return;
    const { count } = await tx.organizerInvitation.deleteMany({ where: { id: invitationId, email: user.email, acceptedAt: null } });
    if (count > 0) await recordAudit(tx, invitation.letterId, "invitation-cancelled", { detail: "declined" });
  });
}
