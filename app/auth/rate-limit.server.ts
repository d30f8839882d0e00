// Rate limits stored in the database, so they hold across app instances.
// Subjects (IP addresses, email addresses) are stored only as keyed hashes.
// Per UX.md: strict per address, generous per IP (a Tor exit carries many people).
import { isIPv4, isIPv6 } from "node:net";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { keyedHash } from "~/crypto/tokens.server";
import { db, pgDirect, sqliteDirect } from "~/db/client.server";
import { countRateLimitsPg } from "~/domain/letters/signing-store/postgres-rows.server";
import { countRateLimitsDirect } from "~/domain/letters/signing-store/sqlite-rows.server";
import { RateLimitedError } from "~/errors";

/** A limit whose name ends in "-ip" counts per client (see clientKey), any other per subject as given. */
export type Limit = { name: string; max: number; windowMs: number; what?: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const limits = {
  signUpPerIp: { name: "signup-ip", max: 20, windowMs: HOUR, what: "sign-ups from your network" },
  signUpPerEmail: { name: "signup-email", max: 5, windowMs: HOUR, what: "sign-ups for this address" },
  logInPerIp: { name: "login-ip", max: 60, windowMs: 15 * MINUTE, what: "sign-in attempts from your network" },
  codeCheckPerIp: { name: "code-ip", max: 60, windowMs: 15 * MINUTE, what: "code attempts from your network" },
  codeSendPerEmail: { name: "code-send-email", max: 5, windowMs: HOUR, what: "codes sent to this address" },
  resetPerIp: { name: "reset-ip", max: 20, windowMs: HOUR, what: "reset requests from your network" },
  resetPerEmail: { name: "reset-email", max: 3, windowMs: HOUR, what: "reset requests for this address" },
} satisfies Record<string, Limit>;

/** The eight 16-bit groups of an IPv6 address, or null. */
function ipv6Groups(ip: string): number[] | null {
  const bare = ip.replace(/%.*$/, ""); // a zone ("fe80::1%eth0") is local detail
  if (!isIPv6(bare)) return null;
  let text = bare.toLowerCase();
  // An IPv4 tail ("::ffff:192.0.2.1") becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string?];
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const front = part(head);
  const back = part(tail);
  const groups = tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 ? groups : null;
}

/**
 * What one client is, for per-IP limits: an IPv4 address as it is; an IPv6 address
 * by its /64, since one home line or rented server gets a whole /64 and can rotate
 * through it freely (issue 13, finding 13). An IPv4-mapped IPv6 address is the IPv4 one.
 */
export function clientKey(ip: string): string {
  const trimmed = ip.trim();
  if (isIPv4(trimmed)) return trimmed;
  const groups = ipv6Groups(trimmed);
  if (!groups) return trimmed.toLowerCase();
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** Per-IP limits (named "…-ip") count per client, so a /64 is one client. */
const limitSubject = (limit: Limit, subject: string) => (limit.name.endsWith("-ip") ? clientKey(subject) : subject);

export function subjectKey(name: string, subject: string) {
  return `${name}:${encodeHexLowerCase(keyedHash("rate-limit", subject.toLowerCase())).slice(0, 32)}`;
}

function counting(limit: Limit, subject: string, now: Date) {
  const window = Math.floor(now.getTime() / limit.windowMs);
  const windowEnd = (window + 1) * limit.windowMs;
  const key = `${subjectKey(limit.name, limitSubject(limit, subject))}:${window}`;
  const check = (count: number) => {
    if (count > limit.max) throw new RateLimitedError(Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)), limit.what);
  };
  return { key, expiresAt: new Date(windowEnd), check };
}

/**
 * Adds one to each counter, all in one transaction (one commit, not one per
 * counter: a code request in a rush counts three). Each INSERT … ON CONFLICT DO
 * UPDATE returns its own count, so concurrent requests never share one.
 */
async function countEach(counters: { key: string; expiresAt: Date }[], now: Date): Promise<number[]> {
  // Rush path: plain SQL on either database (decision 008, issue 17).
  const onPostgres = pgDirect();
  if (onPostgres) return countRateLimitsPg(onPostgres, counters, now);
  const direct = await sqliteDirect();
  return direct ? countRateLimitsDirect(direct, counters, now) : countRateLimitsThroughPrisma(counters, now);
}

/** countEach through Prisma (PostgreSQL); exported for the test that holds both ways to the same rows. */
export async function countRateLimitsThroughPrisma(counters: { key: string; expiresAt: Date }[], now: Date): Promise<number[]> {
  const upserts = counters.map(({ key, expiresAt }) =>
    db().rateLimitCounter.upsert({
      where: { key },
      create: { key, count: 1, expiresAt, updatedAt: now },
      update: { count: { increment: 1 }, updatedAt: now },
      select: { count: true },
    }),
  );
  const rows = upserts.length === 1 ? [await upserts[0]!] : await db().$transaction(upserts);
  return rows.map((row) => row.count);
}

/** Counts one request against `limit` for `subject`; throws RateLimitedError past the limit. */
export async function consumeRateLimit(limit: Limit, subject: string, now = new Date()) {
  await consumeRateLimits([{ limit, subject }], now);
}

/**
 * Counts one request against several limits at once; throws for the first
 * limit passed. Every counter counts the request either way.
 */
export async function consumeRateLimits(checks: { limit: Limit; subject: string }[], now = new Date()) {
  const each = checks.map(({ limit, subject }) => counting(limit, subject, now));
  const counts = await countEach(each, now);
  each.forEach((c, i) => c.check(counts[i]!));
}

// Growing delays after failed sign-ins to one account: five free tries, then
// 15 s, 30 s, 1 min, … up to 15 min between attempts, forgotten a day later.
const FREE_FAILURES = 5;
const FAILURE_MEMORY_MS = 24 * HOUR;

export function failureDelayMs(failures: number) {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(15_000 * 2 ** (failures - FREE_FAILURES), 15 * MINUTE);
}

export async function assertNoFailureDelay(name: string, subject: string, now = new Date()) {
  const row = await db().rateLimitCounter.findUnique({ where: { key: subjectKey(name, subject) } });
  if (!row || row.expiresAt <= now) return;
  const wait = row.updatedAt.getTime() + failureDelayMs(row.count) - now.getTime();
  if (wait > 0) throw new RateLimitedError(Math.ceil(wait / 1000), "failed sign-in attempts");
}

export async function recordFailure(name: string, subject: string, now = new Date()) {
  const key = subjectKey(name, subject);
  const expiresAt = new Date(now.getTime() + FAILURE_MEMORY_MS);
  await db().rateLimitCounter.upsert({
    where: { key },
    create: { key, count: 1, expiresAt, updatedAt: now },
    update: { count: { increment: 1 }, expiresAt, updatedAt: now },
  });
}

export async function clearFailures(name: string, subject: string) {
  await db().rateLimitCounter.deleteMany({ where: { key: subjectKey(name, subject) } });
}

export async function purgeExpiredRateLimits(now = new Date()) {
  const { count } = await db().rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
