// Sessions as the Lucia guide teaches (lucia-auth.com): a token "<id>.<secret>"
// with 120 bits of secret from the CSPRNG, only SHA-256(secret) stored, compared
// in constant time; an inactivity expiry with sliding renewal and an absolute
// lifetime; invalidation on the server.
import type { Db, Tx } from "~/db/client.server";
import { db } from "~/db/client.server";
import { newToken, parseToken, secretMatches } from "~/crypto/tokens.server";

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
export const INACTIVITY_TIMEOUT_MS = 7 * DAY;
export const ABSOLUTE_LIFETIME_MS = 30 * DAY;
// lastActiveAt is written at most this often, not on every request.
const ACTIVITY_WRITE_INTERVAL_MS = HOUR;

export async function createSession(client: Db | Tx, userId: string, deviceLabel: string, now = new Date()) {
  const { id, token, secretHash } = newToken();
  const session = await client.session.create({
    data: {
      id,
      secretHash,
      userId,
      deviceLabel,
      createdAt: now,
      lastActiveAt: now,
      absoluteExpiresAt: new Date(now.getTime() + ABSOLUTE_LIFETIME_MS),
    },
  });
  return { token, session };
}

export async function validateSessionToken(token: string | null | undefined, now = new Date()) {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const found = await db().session.findUnique({ where: { id: parsed.id }, include: { user: true } });
  if (!found || !secretMatches(parsed.secret, found.secretHash)) return null;
  const idleFor = now.getTime() - found.lastActiveAt.getTime();
  if (now >= found.absoluteExpiresAt || idleFor >= INACTIVITY_TIMEOUT_MS) {
    await db().session.deleteMany({ where: { id: found.id } });
    return null;
  }
  if (idleFor >= ACTIVITY_WRITE_INTERVAL_MS) {
    await db().session.updateMany({ where: { id: found.id }, data: { lastActiveAt: now } });
  }
  const { user, ...session } = found;
  return { session, user };
}

export async function invalidateSession(sessionId: string) {
  await db().session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of a user, but `exceptSessionId` when given (the one in use). */
export async function invalidateUserSessions(client: Db | Tx, userId: string, exceptSessionId?: string) {
  const { count } = await client.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return count;
}

export async function purgeExpiredSessions(now = new Date()) {
  const { count } = await db().session.deleteMany({
    where: { OR: [{ absoluteExpiresAt: { lte: now } }, { lastActiveAt: { lte: new Date(now.getTime() - INACTIVITY_TIMEOUT_MS) } }] },
  });
  return count;
}
