import crypto from "node:crypto";
import { hashPassword } from "~/auth/password.server";
import { db } from "~/db/client.server";
import type { AppError } from "~/errors";
import { lastSentTo } from "./mail";

export const GOOD_PASSWORD = "correct horse battery staple";

/** A verified organizer with a known password. */
export async function createUser(overrides: { email?: string; displayName?: string; verified?: boolean } = {}) {
  return db().user.create({
    data: {
      email: overrides.email ?? `organizer-${crypto.randomBytes(4).toString("hex")}@personal.example`,
      displayName: overrides.displayName ?? "Olive Organizer",
      passwordHash: await hashPassword(GOOD_PASSWORD),
      emailVerifiedAt: overrides.verified === false ? null : new Date(),
    },
  });
}

/** The newest mail sent from memory to an address (codes and reset links, decision 009). */
export async function lastMailTo(email: string) {
  return lastSentTo(email);
}

export function codeFrom(text: string | null) {
  const match = /(\d{4}) (\d{4})/.exec(text ?? "");
  if (!match) throw new Error("no code in mail");
  return match[1]! + match[2]!;
}

/** The AppError a promise fails with; fails the test when it does not fail. */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a failure");
}
