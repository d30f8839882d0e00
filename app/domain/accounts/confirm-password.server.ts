import { verifyPassword } from "~/auth/password.server";
import { assertNoFailureDelay, clearFailures, recordFailure } from "~/auth/rate-limit.server";
import { AppError } from "~/errors";

const CONFIRM_FAILURES = "password-confirm-failures";

/**
 * The signed-in user re-types their password (to change it, or delete the account).
 * Wrong guesses slow down as they do at sign-in, so a stolen session cannot be used
 * to guess the password at full speed.
 */
export async function confirmPassword(user: { id: string; passwordHash: string }, password: string, field: string) {
  await assertNoFailureDelay(CONFIRM_FAILURES, user.id);
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordFailure(CONFIRM_FAILURES, user.id);
    throw new AppError("wrong-password", { field });
  }
  await clearFailures(CONFIRM_FAILURES, user.id);
}
