import { deviceLabel } from "~/auth/device-label.server";
import { checkEmailCode } from "~/auth/email-verification.server";
import { consumeRateLimit, limits } from "~/auth/rate-limit.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { createSession } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";

/** A correct code verifies the login email and signs the user in with a new session. */
export async function verifyLoginEmail(
  verificationToken: string | null,
  code: string,
  { clientIp, userAgent }: { clientIp: string; userAgent: string | null },
) {
  await consumeRateLimit(limits.codeCheckPerIp, clientIp);
  const { verificationId, user } = await checkEmailCode(verificationToken, code);
  return db().$transaction(async (tx) => {
    // Single use: only the request that deletes the verification goes on.
    const used = await tx.emailVerification.deleteMany({ where: { id: verificationId } });
    if (used.count === 0) throw new AppError("code-used", "This code was already used. Sign in.", { field: "code" });
    if (!user.emailVerifiedAt) {
      await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
      await recordSecurityEvent(tx, user.id, "email-verified");
    }
    const label = deviceLabel(userAgent);
    const { token, session } = await createSession(tx, user.id, label);
    await recordSecurityEvent(tx, user.id, "signed-in", label);
    return { sessionToken: token, expiresAt: session.absoluteExpiresAt };
  });
}
