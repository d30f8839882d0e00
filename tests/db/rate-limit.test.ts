import { expect, test } from "vitest";
import { clientKey, consumeRateLimit, failureDelayMs } from "~/auth/rate-limit.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";

test("concurrent requests never get past the limit, and the subject is stored only hashed", async () => {
  const limit = { name: "test-concurrent", max: 10, windowMs: 60_000 };
  const now = new Date();
  const results = await Promise.allSettled(Array.from({ length: 25 }, () => consumeRateLimit(limit, "203.0.113.9", now)));
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
  expect(refused).toHaveLength(15);
  expect(refused[0]).toMatchObject({ status: 429 });
  expect(refused[0]!.options.retryAfterSeconds).toBeGreaterThan(0);
  expect(refused[0]!.userMessage).toMatch(/wait/);
  const rows = await db().rateLimitCounter.findMany();
  expect(JSON.stringify(rows)).not.toContain("203.0.113.9");
});

test("a new window starts a new count", async () => {
  const limit = { name: "test-window", max: 1, windowMs: 60_000 };
  const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  await consumeRateLimit(limit, "x", t0);
  await expect(consumeRateLimit(limit, "x", t0)).rejects.toThrow(AppError);
  await expect(consumeRateLimit(limit, "x", new Date(t0.getTime() + 60_000))).resolves.toBeUndefined();
});

test("failure delays grow and are capped", () => {
  expect([0, 4, 5, 6, 7, 20].map(failureDelayMs)).toEqual([0, 0, 15_000, 30_000, 60_000, 15 * 60_000]);
});

// Issue 13, finding 13 (asked of this change by the brief for finding 7): a client
// rotating through its IPv6 /64 is one client for every per-IP limit.
test("clientKey: an IPv4 address as it is, an IPv6 address by its /64, an IPv4-mapped one as IPv4", () => {
  expect(clientKey("203.0.113.9")).toBe("203.0.113.9");
  expect(clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
  expect(clientKey("2001:DB8:1:2::1")).toBe("2001:db8:1:2::/64");
  expect(clientKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
  expect(clientKey("::1")).toBe("0:0:0:0::/64");
  expect(clientKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  expect(clientKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
  expect(clientKey("2001:db8:1:2:3:4:192.0.2.1")).toBe("2001:db8:1:2::/64");
  expect(clientKey("2001:db8:1:3::1")).not.toBe(clientKey("2001:db8:1:2::1"));
  expect(clientKey("not an address")).toBe("not an address");
});

test("a per-IP limit counts a whole IPv6 /64 as one client; other limits count subjects as given", async () => {
  const perIp = { name: "test-rotate-ip", max: 3, windowMs: 60_000 };
  const now = new Date();
  for (let i = 1; i <= 3; i++) await consumeRateLimit(perIp, `2001:db8:7:7::${i.toString(16)}`, now);
  await expect(consumeRateLimit(perIp, "2001:db8:7:7:ffff:1:2:3", now)).rejects.toMatchObject({ status: 429 });
  await expect(consumeRateLimit(perIp, "2001:db8:7:8::1", now)).resolves.toBeUndefined();
  const perSubject = { name: "test-rotate-email", max: 1, windowMs: 60_000 };
  await consumeRateLimit(perSubject, "2001:db8:9:9::1", now);
  await expect(consumeRateLimit(perSubject, "2001:db8:9:9::2", now)).resolves.toBeUndefined();
});
