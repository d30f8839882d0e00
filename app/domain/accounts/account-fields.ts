// The fields of the account forms (sign-up, sign-in, password reset, the account
// page): one schema each, which the browser checks and the action parses with.
// The server's own rules (password.server.ts: not the email, not a common
// password…) come on top, as AppErrors.
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RECOMMENDED } from "~/auth/password-rules";

/** An address someone signs in with (or will). */
export const signInEmail = z.email({ message: "Enter an email address, like name@example.org." }).max(254);

/** A password being chosen; `required` says what to do when it is missing. */
export function newPassword(required: string) {
  return z
    .string({ message: required })
    .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters (${PASSWORD_RECOMMENDED} or more is better).`)
    .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);
}

/** A password typed to prove who you are: only bounded here, the server checks it. */
export function typedPassword(required: string) {
  return z.string({ message: required }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);
}

/** How a new password's hint begins. */
export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN} characters; ${PASSWORD_RECOMMENDED} or more is better.`;
