import { invalidateSession, invalidateUserSessions } from "~/auth/session.server";
import { recordSecurityEvent } from "~/auth/security-events.server";
import { db } from "~/db/client.server";

export async function logOut(sessionId: string) {
  await invalidateSession(sessionId);
}

/** Ends every session of the user, the current one included. */
export async function signOutEverywhere(userId: string) {
  await db().$transaction(async (tx) => {
    await invalidateUserSessions(tx, userId);
    await recordSecurityEvent(tx, userId, "signed-out-everywhere");
  });
}

/** Ends one of the user's own sessions; someone else's id changes nothing. */
export async function revokeSession(userId: string, sessionId: string) {
  return db().$transaction(async (tx) => {
    const session = await tx.session.findFirst({ where: { id: sessionId, userId }, select: { deviceLabel: true } });
    if (!session) return false;
    await tx.session.deleteMany({ where: { id: sessionId, userId } });
    await recordSecurityEvent(tx, userId, "session-revoked", session.deviceLabel);
    return true;
  });
}

export async function listSessions(userId: string) {
  return db().session.findMany({
    where: { userId },
    orderBy: { lastActiveAt: "desc" },
    select: { id: true, deviceLabel: true, createdAt: true, lastActiveAt: true },
  });
}
