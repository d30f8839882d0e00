import { hashPassword, passwordProblem } from "~/auth/password.server";
import { consumeRateLimit, limits } from "~/auth/rate-limit.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { startEmailVerification } from "~/auth/email-verification.server";
import { db } from "~/db/client.server";
import { sendFromMemory } from "~/mail/memory-sender.server";
import { AppError } from "~/errors";

export type SignUpInput = { email: string; displayName: string; password: string };

/**
 * Creates an unverified account and emails a code. When the address already has an
 * account, nothing is created and its owner is told by mail; the caller gets the
 * same answer either way (no account enumeration), and the same work is done.
 * Returns the pending verification's token for the browser's cookie.
 */
export async function signUp(input: SignUpInput, { clientIp }: { clientIp: string }) {
  const email = input.email.trim().toLowerCase();
  await consumeRateLimit(limits.signUpPerIp, clientIp);
  await consumeRateLimit(limits.signUpPerEmail, email);
  const problem = passwordProblem(input.password, { email, displayName: input.displayName });
  if (problem) throw new AppError("weak-password", problem, { field: "password" });
  const passwordHash = await hashPassword(input.password);

  const started = await db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) return startEmailVerification(tx, { userId: null, email });
    const user = await tx.user.create({ data: { email, displayName: input.displayName.trim(), passwordHash } });
    await recordSecurityEvent(tx, user.id, "account-created");
    return startEmailVerification(tx, { userId: user.id, email });
  });
  sendFromMemory(started.mail);
  return started.token;
}
