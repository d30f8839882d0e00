// Password reset by emailed link: "<id>.<secret>" in the URL, SHA-256 stored,
// one hour, single use. Opening the link only shows a form (mail scanners follow
// links); submitting the form consumes it.
import { hashPassword, passwordProblem } from "~/auth/password.server";
import { consumeRateLimit, limits } from "~/auth/rate-limit.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { invalidateUserSessions } from "~/auth/session.server";
import { newToken, parseToken, secretMatches } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { sendFromMemory } from "~/mail/memory-sender.server";
import { passwordResetMail } from "~/mail/templates/account.server";

export const RESET_TTL_MS = 60 * 60_000;

/** Same answer, whether or not the address has an account. */
export async function requestPasswordReset(input: { email: string }, { clientIp }: { clientIp: string }) {
  const email = input.email.trim().toLowerCase();
  await consumeRateLimit(limits.resetPerIp, clientIp);
  await consumeRateLimit(limits.resetPerEmail, email);
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

const invalidLink = () =>
  new AppError("reset-invalid", "This reset link has expired or was already used. Ask for a new one.", { status: 410 });

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

/** Sets the new password, ends every session, and proves the email (the link reached it). */
export async function resetPassword(token: string, newPassword: string, now = new Date()) {
  const row = await findUsableReset(token, now);
  if (!row) throw invalidLink();
  const problem = passwordProblem(newPassword, row.user);
  if (problem) throw new AppError("weak-password", problem, { field: "password" });
  const passwordHash = await hashPassword(newPassword);
  await db().$transaction(async (tx) => {
    const used = await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (used.count === 0) throw invalidLink();
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, emailVerifiedAt: row.user.emailVerifiedAt ?? now } });
    await tx.passwordReset.deleteMany({ where: { userId: row.userId, id: { not: row.id } } });
    await invalidateUserSessions(tx, row.userId);
    await recordSecurityEvent(tx, row.userId, "password-reset");
  });
}
