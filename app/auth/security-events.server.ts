// What happened to an account, shown to its owner on the account page.
import type { Db, Tx } from "~/db/client.server";
import { db } from "~/db/client.server";

export const securityEventLabels = {
  "account-created": "Account created",
  "email-verified": "Login email verified",
  "signed-in": "Signed in",
  "sign-in-failed": "Failed sign-in attempt",
  "signed-out-everywhere": "Signed out everywhere",
  "session-revoked": "A session was signed out",
  "password-changed": "Password changed",
  "password-reset-requested": "Password reset requested",
  "password-reset": "Password reset by email link",
} as const;

export type SecurityEventKind = keyof typeof securityEventLabels;

export async function recordSecurityEvent(client: Db | Tx, userId: string, kind: SecurityEventKind, detail?: string) {
  await client.securityEvent.create({ data: { userId, kind, detail: detail ?? null } });
}

export async function listSecurityEvents(userId: string, take = 50) {
  const events = await db().securityEvent.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take });
  return events.map((e) => ({ ...e, label: securityEventLabels[e.kind as SecurityEventKind] ?? e.kind }));
}
