import { deviceLabel } from "~/auth/device-label.server";
import { startEmailVerification } from "~/auth/email-verification.server";
import { verifyAgainstNothing, verifyPassword } from "~/auth/password.server";
import { assertNoFailureDelay, clearFailures, consumeRateLimit, limits, recordFailure } from "~/auth/rate-limit.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { sendFromMemory } from "~/mail/memory-sender.server";
import { AppError } from "~/errors";

const LOGIN_FAILURES = "login-failures";

export type LogInResult =
  | { kind: "signed-in"; sessionToken: string; expiresAt: Date }
  | { kind: "verify-email"; verificationToken: string };

/**
 * Checks email and password. An unknown address and a wrong password get the same
 * answer after the same argon2 work. Repeated failures for one address slow it down.
 * An account whose email is not verified yet gets a fresh code instead of a session.
 */
export async function logIn(
  input: { email: string; password: string },
  { clientIp, userAgent }: { clientIp: string; userAgent: string | null },
): Promise<LogInResult> {
  const email = input.email.trim().toLowerCase();
  await consumeRateLimit(limits.logInPerIp, clientIp);
  await assertNoFailureDelay(LOGIN_FAILURES, email);
  const user = await db().user.findUnique({ where: { email } });
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstNothing(input.password);
  if (!user || !ok) {
    await recordFailure(LOGIN_FAILURES, email);
    if (user) await recordSecurityEvent(db(), user.id, "sign-in-failed", deviceLabel(userAgent));
    throw new AppError("invalid-credentials", "That email and password don't match an account.");
  }
  await clearFailures(LOGIN_FAILURES, email);
  if (!user.emailVerifiedAt) {
    const started = await db().$transaction((tx) => startEmailVerification(tx, { userId: user.id, email }));
    sendFromMemory(started.mail);
    return { kind: "verify-email", verificationToken: started.token };
  }
  const label = deviceLabel(userAgent);
  return db().$transaction(async (tx) => {
    const { token, session } = await createSession(tx, user.id, label);
    await recordSecurityEvent(tx, user.id, "signed-in", label);
    return { kind: "signed-in" as const, sessionToken: token, expiresAt: session.absoluteExpiresAt };
  });
}
