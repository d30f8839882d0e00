import { deviceLabel } from "~/auth/device-label.server";
import { checkEmailCode } from "~/auth/email-verification.server";
import { consumeRateLimit, limits } from "~/auth/rate-limit.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { createSession } from "~/auth/session.server";
import { db, type Tx } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors.server";
import { AppError } from "~/errors";

const alreadyAnAccount = () => new AppError("already-registered");

/**
 * A correct code proves the address: a pending sign-up becomes an account (only
 * now, decision 013), and the user is signed in with a new session.
 */
export async function verifyLoginEmail(
  verificationToken: string | null,
  code: string,
  { clientIp, userAgent }: { clientIp: string; userAgent: string | null },
) {
  await consumeRateLimit(limits.codeCheckPerIp, clientIp);
  const verified = await checkEmailCode(verificationToken, code);
  try {
    return await db().$transaction(async (tx) => {
      // Single use: only the request that deletes the verification goes on.
      const used = await tx.emailVerification.deleteMany({ where: { id: verified.verificationId } });
      if (used.count === 0) throw new AppError("code-used");
      const userId = await accountFor(tx, verified);
      const label = deviceLabel(userAgent);
      const { token, session } = await createSession(tx, userId, label);
      await recordSecurityEvent(tx, userId, "signed-in", label);
      return { sessionToken: token, expiresAt: session.absoluteExpiresAt };
    });
  } catch (error) {
    // The same address was verified in another browser a moment ago: that one made the account.
    if (isUniqueViolation(error)) throw alreadyAnAccount();
    throw error;
  }
}

type Verified = Awaited<ReturnType<typeof checkEmailCode>>;

async function accountFor(tx: Tx, { user, email, newAccount }: Verified) {
  if (user) {
    // A verification made before decision 013, for an account that already existed.
    if (!user.emailVerifiedAt) {
      await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
      await recordSecurityEvent(tx, user.id, "email-verified");
    }
    return user.id;
  }
  if (!newAccount) throw alreadyAnAccount(); // checkEmailCode lets no such code through
  const created = await tx.user.create({
    data: { email, displayName: newAccount.displayName, passwordHash: newAccount.passwordHash, emailVerifiedAt: new Date() },
  });
  await recordSecurityEvent(tx, created.id, "account-created");
  await recordSecurityEvent(tx, created.id, "email-verified");
  return created.id;
}
