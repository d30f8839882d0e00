// Issue 13, finding 7: the sign-in delay was keyed on the address alone, so anyone,
// from anywhere, kept the owner out. Decision 013: per account AND client, a global
// ceiling that holds only clients the owner has not used, and a reset clears it all.
import { describe, expect, test } from "vitest";
import { afterAnswerSettled } from "~/auth/after-answer.server";
import { ACCOUNT_CEILING, assertLoginAllowed, recordLoginFailure } from "~/auth/login-throttle.server";
import { db } from "~/db/client.server";
import { logIn } from "~/domain/accounts/log-in.server";
import { requestPasswordReset, resetPassword } from "~/domain/accounts/password-reset.server";
import { AppError } from "~/errors";
import { GOOD_PASSWORD, createUser, lastMailTo, errorOf } from "../support/factories";

const OWNER_IP = "198.51.100.20";
const ATTACKER_IP = "203.0.113.66";
const as = (clientIp: string) => ({ clientIp, userAgent: null });

async function resetLink(email: string) {
  await requestPasswordReset({ email }, { clientIp: OWNER_IP });
  await afterAnswerSettled();
  return /reset-password\/(\S+)/.exec((await lastMailTo(email)).text)![1]!;
}

describe("sign-in delays", () => {
  test("another client's failures do not slow the owner down", async () => {
    const user = await createUser();
    for (let i = 0; i < 8; i++) await errorOf(logIn({ email: user.email, password: `guess number ${i}` }, as(ATTACKER_IP)));
    expect(await errorOf(logIn({ email: user.email, password: GOOD_PASSWORD }, as(ATTACKER_IP)))).toMatchObject({ status: 429 });
    await expect(logIn({ email: user.email, password: GOOD_PASSWORD }, as(OWNER_IP))).resolves.toHaveProperty("kind", "signed-in");
  });

  test("addresses in one IPv6 /64 are one client", async () => {
    const user = await createUser();
    for (let i = 1; i <= 5; i++) await errorOf(logIn({ email: user.email, password: "wrong wrong wrong" }, as(`2001:db8:5:5::${i}`)));
    expect(await errorOf(logIn({ email: user.email, password: GOOD_PASSWORD }, as("2001:db8:5:5::99")))).toMatchObject({ status: 429 });
  });

  test("the owner's sign-in clears its own delay", async () => {
    const user = await createUser();
    for (let i = 0; i < 4; i++) await errorOf(logIn({ email: user.email, password: "typo typo typo" }, as(OWNER_IP)));
    await logIn({ email: user.email, password: GOOD_PASSWORD }, as(OWNER_IP));
    // Four more typos are free again: the count started over.
    for (let i = 0; i < 4; i++)
      expect(await errorOf(logIn({ email: user.email, password: "typo typo" }, as(OWNER_IP)))).toMatchObject({ status: 400 });
  });

  test("a password reset clears every delay of the account, the owner's own included", async () => {
    const user = await createUser();
    for (let i = 0; i < 6; i++) await errorOf(logIn({ email: user.email, password: "forgotten forgotten" }, as(OWNER_IP)));
    expect(await errorOf(logIn({ email: user.email, password: GOOD_PASSWORD }, as(OWNER_IP)))).toMatchObject({ status: 429 });
    await resetPassword(await resetLink(user.email), "a brand new long passphrase", { clientIp: OWNER_IP });
    await expect(logIn({ email: user.email, password: "a brand new long passphrase" }, as(OWNER_IP))).resolves.toHaveProperty(
      "kind",
      "signed-in",
    );
  });

  test("past the account's ceiling, new clients are spaced out; the owner's known client is not; a reset lifts it", async () => {
    const user = await createUser();
    await logIn({ email: user.email, password: GOOD_PASSWORD }, as(OWNER_IP)); // the owner's client becomes known
    const now = new Date();
    for (let i = 0; i < ACCOUNT_CEILING; i++) await recordLoginFailure(user.email, `192.0.2.${i % 250}`, now);
    // A botnet address that has never failed here is still held by the ceiling.
    const held = await errorOf(assertLoginAllowed(user.email, "198.18.0.1", now));
    expect(held).toMatchObject({ status: 429 });
    expect(held.userMessage).toMatch(/^Too many failed sign-in attempts for this address\. Please wait/);
    await expect(assertLoginAllowed(user.email, OWNER_IP, now)).resolves.toBeUndefined();
    // One attempt a minute for all of them together.
    await expect(assertLoginAllowed(user.email, "198.18.0.1", new Date(now.getTime() + 61_000))).resolves.toBeUndefined();

    const fromNewDevice = "198.18.9.9";
    await expect(assertLoginAllowed(user.email, fromNewDevice, now)).rejects.toThrow(AppError);
    await resetPassword(await resetLink(user.email), "a brand new long passphrase", { clientIp: fromNewDevice });
    await expect(assertLoginAllowed(user.email, "198.18.0.1")).resolves.toBeUndefined();
    await expect(logIn({ email: user.email, password: "a brand new long passphrase" }, as(fromNewDevice))).resolves.toHaveProperty(
      "kind",
      "signed-in",
    );
  });

  test("an unknown address is counted the same way as an account (nothing tells them apart)", async () => {
    const nobody = "nobody-throttle@personal.example";
    for (let i = 0; i < 5; i++)
      expect(await errorOf(logIn({ email: nobody, password: "whatever it is" }, as(ATTACKER_IP)))).toMatchObject({ status: 400 });
    expect(await errorOf(logIn({ email: nobody, password: "whatever it is" }, as(ATTACKER_IP)))).toMatchObject({ status: 429 });
    await expect(logIn({ email: nobody, password: "whatever it is" }, as(OWNER_IP))).rejects.toMatchObject({ status: 400 });
    const rows = await db().rateLimitCounter.findMany();
    expect(JSON.stringify(rows)).not.toContain("nobody-throttle");
    expect(JSON.stringify(rows)).not.toContain(ATTACKER_IP);
  });
});
