import { memoryMailSettled } from "~/mail/memory-sender.server";
import { describe, expect, test } from "vitest";
import { afterAnswerSettled } from "~/auth/after-answer.server";
import { checkEmailCode, CODE_TTL_MS, MAX_CODE_ATTEMPTS, resendEmailCode } from "~/auth/email-verification.server";
import { validateSessionToken } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { logIn } from "~/domain/accounts/log-in.server";
import { checkPasswordResetLink, requestPasswordReset, resetPassword } from "~/domain/accounts/password-reset.server";
import { signUp } from "~/domain/accounts/sign-up.server";
import { verifyLoginEmail } from "~/domain/accounts/verify-login-email.server";
import { AppError } from "~/errors";
import { GOOD_PASSWORD, codeFrom, createUser, lastMailTo, errorOf } from "../support/factories";
import { sentMail } from "../support/mail";

const meta = { clientIp: "198.51.100.1", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" };
let n = 0;
const freshEmail = () => `new-${Date.now()}-${n++}@personal.example`;

describe("sign-up and email verification", () => {
  test("creates no account until the code is typed; mails an 8-digit code stored only as a keyed hash; signs in on the right code", async () => {
    const email = freshEmail();
    const token = await signUp({ email, displayName: "Nia", password: GOOD_PASSWORD }, meta);
    // Decision 013: nothing anyone could sign in to, or that would hold the address, exists yet.
    expect(await db().user.count({ where: { email } })).toBe(0);
    const code = codeFrom((await lastMailTo(email)).text);
    expect(code).toMatch(/^\d{8}$/);
    const rows = await db().emailVerification.findMany();
    const dump = JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(email);
    expect(dump).not.toContain(Buffer.from(email).toString("hex"));

    const { sessionToken } = await verifyLoginEmail(token, code, meta);
    const user = (await validateSessionToken(sessionToken))?.user;
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(user?.displayName).toBe("Nia");
    expect(user?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // Single use.
    expect((await errorOf(verifyLoginEmail(token, code, meta))).code).toBe("verification-missing");
  });

  test("an address that already has an account: same answer, no code can succeed, its owner is told", async () => {
    const owner = await createUser();
    const token = await signUp({ email: owner.email, displayName: "Mallory", password: "another long passphrase" }, meta);
    expect(typeof token).toBe("string");
    const mail = await lastMailTo(owner.email);
    expect(mail.kind).toBe("account-already-registered");
    expect(await db().user.count({ where: { email: owner.email } })).toBe(1);
    expect((await errorOf(verifyLoginEmail(token, "12345678", meta))).code).toBe("code-wrong");
    const after = await db().user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after.passwordHash).toBe(owner.passwordHash);
  });

  test("a code is refused after expiry, after the attempt cap, and when bound to another verification", async () => {
    const email = freshEmail();
    const token = await signUp({ email, displayName: "Ola", password: GOOD_PASSWORD }, meta);
    const code = codeFrom((await lastMailTo(email)).text);
    const later = new Date(Date.now() + CODE_TTL_MS + 1000);
    expect((await errorOf(checkEmailCode(token, code, later))).code).toBe("code-expired");

    const other = await signUp({ email: freshEmail(), displayName: "Pat", password: GOOD_PASSWORD }, meta);
    expect((await errorOf(verifyLoginEmail(other, code, meta))).code).toBe("code-wrong");

    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      expect((await errorOf(verifyLoginEmail(token, "00000000", meta))).code).toBe("code-wrong");
    }
    // The right code no longer helps once the cap is reached.
    expect((await errorOf(verifyLoginEmail(token, code, meta))).code).toBe("code-attempts");
    // A new code resets the count; the old code is dead.
    await resendEmailCode(token);
    const fresh = codeFrom((await lastMailTo(email)).text);
    expect((await errorOf(verifyLoginEmail(token, code, meta))).code).toBe("code-wrong");
    await expect(verifyLoginEmail(token, fresh, meta)).resolves.toHaveProperty("sessionToken");
  });

  test("concurrent guesses cannot exceed the attempt cap", async () => {
    const email = freshEmail();
    const token = await signUp({ email, displayName: "Quin", password: GOOD_PASSWORD }, meta);
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => checkEmailCode(token, "11111111")));
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as AppError).code : "ok"));
    expect(codes.filter((c) => c === "code-wrong")).toHaveLength(MAX_CODE_ATTEMPTS);
    expect(codes.filter((c) => c === "code-attempts")).toHaveLength(12 - MAX_CODE_ATTEMPTS);
  });

  test("a common password is refused, with a message for the form", async () => {
    const error = await errorOf(signUp({ email: freshEmail(), displayName: "R", password: "password123" }, meta));
    expect(error).toMatchObject({ code: "weak-password", options: { field: "password" } });
  });
});

describe("log in", () => {
  test("an unknown address and a wrong password get the same answer", async () => {
    const user = await createUser();
    const unknown = await errorOf(logIn({ email: "nobody@personal.example", password: GOOD_PASSWORD }, meta));
    const wrong = await errorOf(logIn({ email: user.email, password: "not the password at all" }, meta));
    expect([unknown.code, unknown.userMessage, unknown.status]).toEqual([wrong.code, wrong.userMessage, wrong.status]);
    const events = await db().securityEvent.findMany({ where: { userId: user.id } });
    expect(events.map((e) => e.kind)).toContain("sign-in-failed");
  });

  test("after five failures an account is slowed down (429), and the right password later clears it", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) await errorOf(logIn({ email: user.email, password: "wrong wrong wrong" }, meta));
    const slowed = await errorOf(logIn({ email: user.email, password: GOOD_PASSWORD }, meta));
    expect(slowed).toMatchObject({ code: "rate-limited", status: 429 });
    expect(slowed.options.retryAfterSeconds).toBeGreaterThan(0);
  });

  test("an account whose address was never verified is refused like a wrong password, and mails nothing", async () => {
    const user = await createUser({ verified: false });
    const mails = (await memoryMailSettled(), sentMail().sent.filter((m) => m.to === user.email).length);
    const refused = await errorOf(logIn({ email: user.email, password: GOOD_PASSWORD }, meta));
    expect(refused).toMatchObject({ code: "invalid-credentials", status: 400 });
    expect((await memoryMailSettled(), sentMail().sent.filter((m) => m.to === user.email).length)).toBe(mails);
  });
});

describe("password reset", () => {
  test("unknown and known addresses get the same answer; only the owner gets mail", async () => {
    const user = await createUser();
    await expect(requestPasswordReset({ email: "ghost@personal.example" }, meta)).resolves.toBeUndefined();
    await expect(requestPasswordReset({ email: user.email }, meta)).resolves.toBeUndefined();
    await afterAnswerSettled();
    expect(sentMail().sent.filter((m) => m.to === "ghost@personal.example")).toHaveLength(0);
    expect((await lastMailTo(user.email)).kind).toBe("account-password-reset");
  });

  test("the link survives being opened, works once, ends every session and the token is stored hashed", async () => {
    const user = await createUser();
    const login = await logIn({ email: user.email, password: GOOD_PASSWORD }, meta);
    await requestPasswordReset({ email: user.email }, meta);
    await afterAnswerSettled();
    const link = /reset-password\/(\S+)/.exec((await lastMailTo(user.email)).text)![1]!;
    const rows = await db().passwordReset.findMany();
    expect(JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v))).not.toContain(
      link.split(".")[1],
    );

    await checkPasswordResetLink(link);
    await checkPasswordResetLink(link);
    await resetPassword(link, "a brand new long passphrase");
    expect((await errorOf(resetPassword(link, "yet another passphrase"))).status).toBe(410);
    expect((await errorOf(checkPasswordResetLink(link))).status).toBe(410);
    expect(login.kind === "signed-in" && (await validateSessionToken(login.sessionToken))).toBeNull();
    await expect(logIn({ email: user.email, password: "a brand new long passphrase" }, meta)).resolves.toHaveProperty("kind", "signed-in");
  });

  test("an expired link is refused", async () => {
    const user = await createUser();
    await requestPasswordReset({ email: user.email }, meta);
    await afterAnswerSettled();
    const link = /reset-password\/(\S+)/.exec((await lastMailTo(user.email)).text)![1]!;
    const error = await errorOf(resetPassword(link, "a brand new long passphrase", { now: new Date(Date.now() + 61 * 60_000) }));
    expect(error.status).toBe(410);
  });
});

describe("re-typing the password while signed in", () => {
  test("wrong guesses to change the password slow down like sign-in does", async () => {
    const { changePassword } = await import("~/domain/accounts/change-password.server");
    const user = await createUser();
    const who = { userId: user.id, currentSessionId: "none" };
    for (let i = 0; i < 5; i++) {
      expect(
        (await errorOf(changePassword(who, { currentPassword: "guess guess guess", newPassword: "a new long passphrase" }))).code,
      ).toBe("wrong-password");
    }
    const slowed = await errorOf(changePassword(who, { currentPassword: GOOD_PASSWORD, newPassword: "a new long passphrase" }));
    expect(slowed).toMatchObject({ code: "rate-limited", status: 429 });
  });
});

describe("deleting an account", () => {
  test("is refused while the user alone organizes a letter collecting signatures; drafts go with the account", async () => {
    const { deleteAccount } = await import("~/domain/accounts/delete-account.server");
    const { openedLetter } = await import("../support/letters");
    const { createDraft } = await import("~/domain/letters/draft-letter.server");
    const { draftInput } = await import("../support/letters");
    const { organizer, letter } = await openedLetter();
    const draft = await createDraft(organizer.id, draftInput());
    expect((await errorOf(deleteAccount(organizer.id, GOOD_PASSWORD))).code).toBe("letters-in-flight");
    await db().letter.update({ where: { id: letter.id }, data: { status: "CANCELLED" } });
    await deleteAccount(organizer.id, GOOD_PASSWORD);
    expect(await db().user.count({ where: { id: organizer.id } })).toBe(0);
    expect(await db().letter.count({ where: { id: draft.id } })).toBe(0);
    expect(await db().letter.count({ where: { id: letter.id } })).toBe(1);
  });
});
