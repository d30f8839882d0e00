import { expect, test } from "vitest";
import { consumeRateLimit, failureDelayMs } from "~/auth/rate-limit.server";
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
