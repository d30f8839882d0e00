import { deviceLabel } from "~/auth/device-label.server";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "~/auth/login-throttle.server";
import { verifyAgainstNothing, verifyPassword } from "~/auth/password.server";
import { consumeRateLimit, limits } from "~/auth/rate-limit.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";

export type LogInResult = { kind: "signed-in"; sessionToken: string; expiresAt: Date };

/**
 * Checks email and password. An unknown address, a wrong password and an account
 * whose address was never verified (none are made any more: sign-up creates the
 * account only once the code is typed, decision 013) get the same answer after the
 * same argon2 work. Failures slow down per account and client (login-throttle).
 */
export async function logIn(
  input: { email: string; password: string },
  { clientIp, userAgent }: { clientIp: string; userAgent: string | null },
): Promise<LogInResult> {
  const email = input.email.trim().toLowerCase();
  await consumeRateLimit(limits.logInPerIp, clientIp);
  await assertLoginAllowed(email, clientIp);
  const user = await db().user.findUnique({ where: { email } });
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstNothing(input.password);
  if (!user || !ok || !user.emailVerifiedAt) {
    await recordLoginFailure(email, clientIp);
    if (user) await recordSecurityEvent(db(), user.id, "sign-in-failed", deviceLabel(userAgent));
    throw new AppError("invalid-credentials");
  }
  await recordLoginSuccess(email, clientIp);
  const label = deviceLabel(userAgent);
  return db().$transaction(async (tx) => {
    const { token, session } = await createSession(tx, user.id, label);
    await recordSecurityEvent(tx, user.id, "signed-in", label);
    return { kind: "signed-in" as const, sessionToken: token, expiresAt: session.absoluteExpiresAt };
  });
}
