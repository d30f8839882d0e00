import { hashPassword, passwordProblem } from "~/auth/password.server";
import { consumeRateLimits, limits } from "~/auth/rate-limit.server";
import { startEmailVerification } from "~/auth/email-verification.server";
import { db } from "~/db/client.server";
import { sendFromMemory } from "~/mail/memory-sender.server";
import { AppError } from "~/errors";

export type SignUpInput = { email: string; displayName: string; password: string };

/**
 * Starts a sign-up: no account exists until the code mailed to the address is typed
 * (decision 013), so nobody can squat someone else's address, and signing in before
 * then fails like a wrong password. When the address already has an account, its
 * owner is told by mail instead. Either way the same work is done (one argon2 hash,
 * one pending verification, one mail) and the browser gets the same answer.
 * Returns the pending verification's token for the browser's cookie.
 */
export async function signUp(input: SignUpInput, { clientIp }: { clientIp: string }) {
  const email = input.email.trim().toLowerCase();
  // Every path that mails a code counts against the address (finding 9): the mail
  // goes out whether or not there is an account, so the count tells nothing.
  await consumeRateLimits([
    { limit: limits.signUpPerIp, subject: clientIp },
    { limit: limits.signUpPerEmail, subject: email },
    { limit: limits.codeSendPerEmail, subject: email },
  ]);
  const problem = passwordProblem(input.password, { email, displayName: input.displayName });
  if (problem) throw new AppError("weak-password", { problem });
  const passwordHash = await hashPassword(input.password);

  const started = await db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
    const newAccount = existing ? null : { displayName: input.displayName.trim(), passwordHash };
    return startEmailVerification(tx, { email, newAccount });
  });
  sendFromMemory(started.mail);
  return started.token;
}
