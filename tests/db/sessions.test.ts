import { expect, test } from "vitest";
import {
  ABSOLUTE_LIFETIME_MS,
  INACTIVITY_TIMEOUT_MS,
  createSession,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from "~/auth/session.server";
import { db } from "~/db/client.server";
import { createUser } from "../support/factories";

test("a session token is <id>.<secret> with a 120-bit secret, and only SHA-256(secret) is stored", async () => {
  const user = await createUser();
  const { token } = await createSession(db(), user.id, "Firefox on Linux");
  const [id, secret] = token.split(".");
  expect(id).toMatch(/^[a-z2-9]{24}$/);
  expect(secret).toMatch(/^[a-z2-9]{24}$/);
  const row = await db().session.findUniqueOrThrow({ where: { id } });
  const stored = JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
  expect(stored).not.toContain(secret);
  expect(stored).not.toContain(Buffer.from(secret!).toString("hex"));
  expect(Buffer.from(row.secretHash)).toHaveLength(32);
});

test("a valid token finds its user; a wrong secret, a malformed token or none finds nothing", async () => {
  const user = await createUser();
  const { token } = await createSession(db(), user.id, "Chrome on macOS");
  expect((await validateSessionToken(token))?.user.id).toBe(user.id);
  const [id] = token.split(".");
  expect(await validateSessionToken(`${id}.${"a".repeat(24)}`)).toBeNull();
  expect(await validateSessionToken("garbage")).toBeNull();
  expect(await validateSessionToken(null)).toBeNull();
});

test("inactivity expires a session; activity slides it; the absolute lifetime ends it regardless", async () => {
  const user = await createUser();
  const start = new Date("2026-01-01T00:00:00Z");
  const { token } = await createSession(db(), user.id, "Safari on iOS", start);

  // Used every 6 days: never idle for 7, so it stays valid…
  let now = start;
  for (let i = 0; i < 4; i++) {
    now = new Date(now.getTime() + 6 * 24 * 60 * 60_000);
    expect(await validateSessionToken(token, now)).not.toBeNull();
  }
  // …until the 30-day absolute lifetime.
  expect(await validateSessionToken(token, new Date(start.getTime() + ABSOLUTE_LIFETIME_MS))).toBeNull();
  expect(await db().session.count({ where: { userId: user.id } })).toBe(0);

  const idle = await createSession(db(), user.id, "Safari on iOS", start);
  expect(await validateSessionToken(idle.token, new Date(start.getTime() + INACTIVITY_TIMEOUT_MS))).toBeNull();
});

test("logout invalidates on the server; 'everywhere' can spare the current session", async () => {
  const user = await createUser();
  const a = await createSession(db(), user.id, "A");
  const b = await createSession(db(), user.id, "B");
  const c = await createSession(db(), user.id, "C");
  await invalidateSession(a.session.id);
  expect(await validateSessionToken(a.token)).toBeNull();
  expect(await invalidateUserSessions(db(), user.id, b.session.id)).toBe(1);
  expect(await validateSessionToken(b.token)).not.toBeNull();
  expect(await validateSessionToken(c.token)).toBeNull();
});

test("every login makes a new session with a new token", async () => {
  const user = await createUser();
  const first = await createSession(db(), user.id, "A");
  const second = await createSession(db(), user.id, "A");
  expect(first.token).not.toBe(second.token);
});
