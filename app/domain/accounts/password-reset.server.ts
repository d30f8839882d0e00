// Password reset by emailed link: "<id>.<secret>" in the URL, SHA-256 stored,
// one hour, single use. Opening the link only shows a form (mail scanners follow
// links); submitting the form consumes it.
import { hashPassword, passwordProblem } from "~/auth/password.server";
import { afterAnswer } from "~/auth/after-answer.server";
import { clearLoginDelays } from "~/auth/login-throttle.server";
import { consumeRateLimits, limits } from "~/auth/rate-limit.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { invalidateUserSessions } from "~/auth/session.server";
import { newToken, parseToken, secretMatches } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { sendFromMemory } from "~/mail/memory-sender.server";
import { passwordResetMail } from "~/mail/templates/account.server";
import { RESET_TTL_MS } from "~/lib/lifetimes";

export { RESET_TTL_MS };

/**
 * Same answer, after the same work, whether or not the address has an account:
 * the request counts its rate limits and answers; looking the address up, making
 * the link and mailing it happen after the answer has gone (decision 013), so not
 * even its timing depends on the account.
 */
export async function requestPasswordReset(input: { email: string }, { clientIp }: { clientIp: string }) {
  const email = input.email.trim().toLowerCase();
  await consumeRateLimits([
    { limit: limits.resetPerIp, subject: clientIp },
    { limit: limits.resetPerEmail, subject: email },
  ]);
  afterAnswer("password-reset-request", () => mailResetLinkIfAccount(email));
}

async function mailResetLinkIfAccount(email: string) {
  const user = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const { id, token, secretHash } = newToken();
  await db().$transaction(async (tx) => {
    await tx.passwordReset.create({ data: { id, secretHash, userId: user.id, expiresAt: new Date(Date.now() + RESET_TTL_MS) } });
    await recordSecurityEvent(tx, user.id, "password-reset-requested");
  });
  // Committed: the link goes out from memory, never written to disk (decision 009).
  sendFromMemory({ to: email, ...passwordResetMail(token) });
}

const invalidLink = () => new AppError("reset-invalid");

async function findUsableReset(token: string, now: Date) {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const row = await db().passwordReset.findUnique({ where: { id: parsed.id }, include: { user: true } });
  if (!row || !secretMatches(parsed.secret, row.secretHash) || row.usedAt || row.expiresAt <= now) return null;
  return row;
}

/** For the page behind the link: is it usable? Consumes nothing. */
export async function checkPasswordResetLink(token: string, now = new Date()) {
  if (!(await findUsableReset(token, now))) throw invalidLink();
}

/**
 * Sets the new password, ends every session, and proves the email (the link reached
 * it). The owner is back: every sign-in delay of the account goes (decision 013),
 * and the client that reset is known to it from now on.
 */
export async function resetPassword(
  token: string,
  newPassword: string,
  { clientIp = null, now = new Date() }: { clientIp?: string | null; now?: Date } = {},
) {
  const row = await findUsableReset(token, now);
  if (!row) throw invalidLink();
  const problem = passwordProblem(newPassword, row.user);
  if (problem) throw new AppError("weak-password", { problem });
  const passwordHash = await hashPassword(newPassword);
  await db().$transaction(async (tx) => {
    const used = await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (used.count === 0) throw invalidLink();
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, emailVerifiedAt: row.user.emailVerifiedAt ?? now } });
    await tx.passwordReset.deleteMany({ where: { userId: row.userId, id: { not: row.id } } });
    await invalidateUserSessions(tx, row.userId);
    await recordSecurityEvent(tx, row.userId, "password-reset");
  });
  await clearLoginDelays(row.user.email, clientIp, now);
}
