import crypto from "node:crypto";
import { hashPassword } from "~/auth/password.server";
import { db } from "~/db/client.server";

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

/** The newest queued mail to an address (before delivery erases it). */
export async function lastMailTo(email: string) {
  return db().outboxMessage.findFirstOrThrow({ where: { recipient: email }, orderBy: { createdAt: "desc" } });
}

export function codeFrom(text: string | null) {
  const match = /(\d{4}) (\d{4})/.exec(text ?? "");
  if (!match) throw new Error("no code in mail");
  return match[1]! + match[2]!;
}
