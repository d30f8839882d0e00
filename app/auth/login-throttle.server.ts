// Slowing down password guessing without letting anyone lock the owner out
// (issue 13, finding 7; decision 013; OWASP ASVS 2.2.1).
//
// - Per account AND client (clientKey: an IPv4 address, an IPv6 /64): five free
//   failures, then growing delays. A guesser slows only itself, not the owner.
// - Per account, from every client together: past a ceiling, clients that have
//   never signed in to the account get one attempt a minute between them all, so a
//   botnet spread over many addresses still guesses slowly. Clients the owner has
//   signed in from (or reset the password from) are not held by it.
// - A successful sign-in clears that client's delay and marks it known; a password
//   reset (the owner proved the mailbox) clears every delay of the account.
// Unknown addresses are counted exactly like accounts: nothing here tells them apart.
import { db } from "~/db/client.server";
import { RateLimitedError } from "~/errors";
import { clientKey, failureDelayMs, subjectKey } from "./rate-limit.server";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const FAILURE_MEMORY_MS = DAY;
export const ACCOUNT_CEILING = 100;
export const ACCOUNT_SPACING_MS = MINUTE;
const KNOWN_CLIENT_MS = 90 * DAY;

const accountPart = (email: string) => subjectKey("login-account", email.trim().toLowerCase());
const clientPart = (ip: string) => subjectKey("client", clientKey(ip));
const keys = (email: string, ip: string) => ({
  pair: `login-failures:${accountPart(email)}:${clientPart(ip)}`,
  account: `login-ceiling:${accountPart(email)}`,
  known: `login-known:${accountPart(email)}:${clientPart(ip)}`,
});

const waitFor = (row: { updatedAt: Date } | undefined, delayMs: number, now: Date) =>
  row ? row.updatedAt.getTime() + delayMs - now.getTime() : 0;

/** Throws RateLimitedError while this client must wait before trying this address again. */
export async function assertLoginAllowed(email: string, ip: string, now = new Date()) {
  const k = keys(email, ip);
  const rows = await db().rateLimitCounter.findMany({ where: { key: { in: [k.pair, k.account, k.known] }, expiresAt: { gt: now } } });
  const row = (key: string) => rows.find((r) => r.key === key);
  const pair = row(k.pair);
  const pairWait = waitFor(pair, failureDelayMs(pair?.count ?? 0), now);
  if (pairWait > 0) throw new RateLimitedError(Math.ceil(pairWait / 1000), "failed sign-in attempts");
  const account = row(k.account);
  if (row(k.known) || !account || account.count < ACCOUNT_CEILING) return;
  const accountWait = waitFor(account, ACCOUNT_SPACING_MS, now);
  if (accountWait > 0) throw new RateLimitedError(Math.ceil(accountWait / 1000), "failed sign-in attempts for this address");
}

export async function recordLoginFailure(email: string, ip: string, now = new Date()) {
  const k = keys(email, ip);
  const expiresAt = new Date(now.getTime() + FAILURE_MEMORY_MS);
  await db().$transaction(
    [k.pair, k.account].map((key) =>
      db().rateLimitCounter.upsert({
        where: { key },
        create: { key, count: 1, expiresAt, updatedAt: now },
        update: { count: { increment: 1 }, expiresAt, updatedAt: now },
      }),
    ),
  );
}

/** The owner is in from this client: its delay goes, and the account's ceiling no longer holds it. */
export async function recordLoginSuccess(email: string, ip: string, now = new Date()) {
  const k = keys(email, ip);
  const expiresAt = new Date(now.getTime() + KNOWN_CLIENT_MS);
  await db().$transaction([
    db().rateLimitCounter.deleteMany({ where: { key: k.pair } }),
    db().rateLimitCounter.upsert({
      where: { key: k.known },
      create: { key: k.known, count: 1, expiresAt, updatedAt: now },
      update: { expiresAt, updatedAt: now },
    }),
  ]);
}

/**
 * After a password reset: the guesses were against a password that no longer
 * exists, so every delay of the account goes, and the client that reset is known.
 */
export async function clearLoginDelays(email: string, ip: string | null, now = new Date()) {
  const k = keys(email, ip ?? "");
  await db().rateLimitCounter.deleteMany({
    where: { OR: [{ key: { startsWith: `login-failures:${accountPart(email)}:` } }, { key: k.account }] },
  });
  if (ip) await recordLoginSuccess(email, ip, now);
}
