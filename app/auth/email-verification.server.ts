// Proving a login email: an 8-digit code the user types (10 minutes, single use,
// 5 attempts), stored only as a keyed hash, bound to the browser by a cookie
// holding "<id>.<secret>" of the pending verification.
import type { Db, Tx } from "~/db/client.server";
import { db } from "~/db/client.server";
import { keyedHash, keyedHashMatches, newToken, parseToken, randomDigits, secretMatches } from "~/crypto/tokens.server";
import { AppError } from "~/errors";
import { sendFromMemory } from "~/mail/memory-sender.server";
import type { OutgoingMail } from "~/mail/outbox.server";
import { alreadyRegisteredMail, loginEmailCodeMail } from "~/mail/templates/account.server";
import { type SignUpRequest, openSignUpRequest, sealSignUpRequest } from "./pending-sign-up.server";
import { serializeCookie } from "./cookies.server";
import { consumeRateLimit, limits } from "./rate-limit.server";
import { CODE_DIGITS } from "./typed-code";
import { CODE_TTL_MS } from "~/lib/lifetimes";

export { CODE_TTL_MS };
export const MAX_CODE_ATTEMPTS = 5;
export const VERIFICATION_COOKIE = "email-verification";

/** The cookie that binds a pending verification to this browser, kept for a day. */
export function verificationCookie(token: string) {
  return serializeCookie(VERIFICATION_COOKIE, token, 24 * 60 * 60);
}

const codeHash = (verificationId: string, code: string) => keyedHash("login-email-code", `${verificationId}:${code}`);

/**
 * Starts a verification for a sign-up (decision 013). For a new account, a code goes
 * to the address and the account waits, sealed, until it is typed; when the address
 * already has an account (newAccount null), its owner is told someone tried, and the
 * pending verification can never succeed — the caller cannot tell which.
 * The mail is returned, not queued: the caller hands it to sendFromMemory once its
 * transaction has committed (a code is never written to disk, decision 009).
 */
export async function startEmailVerification(
  client: Db | Tx,
  { email, newAccount }: SignUpRequest,
): Promise<{ token: string; mail: OutgoingMail }> {
  const { id, secret, token, secretHash } = newToken();
  const code = randomDigits(CODE_DIGITS);
  const sealedRequest = sealSignUpRequest(secret, id, { email, newAccount });
  await client.emailVerification.create({
    data: { id, secretHash, sealedRequest, codeHash: codeHash(id, code), expiresAt: new Date(Date.now() + CODE_TTL_MS) },
  });
  return { token, mail: { to: email, ...(newAccount ? loginEmailCodeMail(code) : alreadyRegisteredMail()) } };
}

async function findVerification(token: string | null) {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const row = await db().emailVerification.findUnique({ where: { id: parsed.id }, include: { user: true } });
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
  const request = openSignUpRequest(parsed.secret, row.id, row.sealedRequest);
  // Where the code goes: the sealed address, or (rows from before decision 013) the account's.
  return { ...row, request, email: request?.email ?? row.user?.email ?? null, canSucceed: Boolean(row.user ?? request?.newAccount) };
}

export const verificationGone = () => new AppError("verification-missing", { flow: "login" });

/** Checks a typed code; on success the verification is used up and the user's email marked verified. */
export async function checkEmailCode(token: string | null, code: string, now = new Date()) {
  const row = await findVerification(token);
  if (!row) throw verificationGone();
  if (row.expiresAt <= now) throw new AppError("code-expired", { flow: "login" });
  // Count the attempt before comparing, guarded so concurrent guesses cannot exceed the cap.
  const counted = await db().emailVerification.updateMany({
    where: { id: row.id, attempts: { lt: MAX_CODE_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (counted.count === 0) throw new AppError("code-attempts", { flow: "login" });
  if (!row.canSucceed || !keyedHashMatches("login-email-code", `${row.id}:${code}`, row.codeHash)) {
    throw new AppError("code-wrong");
  }
  return { verificationId: row.id, user: row.user, email: row.email!, newAccount: row.request?.newAccount ?? null };
}

/** Sends a fresh code for the same pending verification (old code stops working). */
export async function resendEmailCode(token: string | null, now = new Date()) {
  const row = await findVerification(token);
  if (!row) throw verificationGone();
  // Counted per address whether or not it has an account, like the sign-up that mailed the first code.
  await consumeRateLimit(limits.codeSendPerEmail, row.email ?? `verification:${row.id}`, now);
  const code = randomDigits(CODE_DIGITS);
  await db().$transaction(async (tx) => {
    await tx.emailVerification.update({
      where: { id: row.id },
      data: { codeHash: codeHash(row.id, code), attempts: 0, expiresAt: new Date(now.getTime() + CODE_TTL_MS) },
    });
  });
  if (row.canSucceed && row.email) sendFromMemory({ to: row.email, ...loginEmailCodeMail(code) });
}

export async function purgeExpiredVerifications(now = new Date()) {
  // Kept a day past expiry so "send a new code" still works on a stale page.
  const { count } = await db().emailVerification.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 60 * 60_000) } } });
  return count;
}
