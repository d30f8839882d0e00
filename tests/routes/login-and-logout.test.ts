import { db } from "~/db/client.server";
import { sentMail } from "../support/mail";
import { memoryMailSettled } from "~/mail/memory-sender.server";
import { describe, expect, test } from "vitest";
import { getCurrentSession } from "~/auth/current-user.server";
import { action as logInAction, loader as logInLoader } from "~/routes/login";
import { action as logOutAction, loader as logOutLoader } from "~/routes/logout";
import {
  CHROME_MAC,
  PASSWORD,
  call,
  cookieFrom,
  createVerifiedUser,
  expectData,
  expectRedirect,
  get,
  isCleared,
  logIn,
  newEmail,
  newIp,
  post,
  signUp,
} from "./support";

const attempt = (fields: Record<string, string>, ip = newIp()) =>
  call(logInAction, post("/login", fields, { userAgent: CHROME_MAC }), { ip });

describe("the login page", () => {
  test("signs a verified user in, with a session cookie, and goes to /account", async () => {
    const { email, user } = await createVerifiedUser();
    const { setCookies } = expectRedirect(await attempt({ email: email.toUpperCase(), password: PASSWORD }), "/account");
    const current = await getCurrentSession(get("/", { cookie: cookieFrom(setCookies, "session") }));
    expect(current?.user.id).toBe(user.id);
    expect(current?.session.deviceLabel).toBe("Chrome on macOS");
  });

  test("honours a same-site redirectTo, and ignores one to another host", async () => {
    const { email } = await createVerifiedUser();
    expectRedirect(await attempt({ email, password: PASSWORD, redirectTo: "/account?tab=1" }), "/account?tab=1");
    expectRedirect(await attempt({ email, password: PASSWORD, redirectTo: "//evil.example/x" }), "/account");
    expectRedirect(await attempt({ email, password: PASSWORD, redirectTo: "https://evil.example/" }), "/account");
  });

  // Issue 13, finding 3: paths that normalise to "//evil.example" (another host).
  test("a redirectTo that normalises to another host stays on the site, in the action and the loader", async () => {
    const { email, cookie } = await createVerifiedUser();
    for (const target of ["/.//evil.example", "/a/..//evil.example", "/%2e//evil.example", "/..//evil.example"]) {
      expectRedirect(await attempt({ email, password: PASSWORD, redirectTo: target }), "/account");
      expectRedirect(await call(logInLoader, get(`/login?redirectTo=${encodeURIComponent(target)}`, { cookie })), "/account");
      expectRedirect(await call(logInLoader, get(`/login.data?redirectTo=${encodeURIComponent(target)}`, { cookie })), "/account");
    }
  });

  test("a wrong password and an unknown address get the same message and status", async () => {
    const { email } = await createVerifiedUser();
    const wrong = expectData(await attempt({ email, password: "not the password at all" }), 400);
    const unknown = expectData(await attempt({ email: newEmail("nobody"), password: "not the password at all" }), 400);
    expect(wrong.data.error).toEqual({ "": ["That email and password don't match an account."] });
    expect(unknown.data.error).toEqual(wrong.data.error);
    expect(wrong.data.initialValue).not.toHaveProperty("password");
    expect(unknown.data.initialValue).not.toHaveProperty("password");
  });

  // Issue 13, finding 8: signing up and then signing in with the same pair told a new
  // address (on to /verify-email, a new code mailed) from an existing one (400).
  test("signing in after a sign-up answers alike for a new address and a registered one, and mails nothing", async () => {
    const fresh = newEmail();
    const { email: taken } = await createVerifiedUser();
    const answers = [];
    for (const email of [fresh, taken]) {
      await signUp(email, "the guesser's own passphrase");
      await memoryMailSettled();
      const mails = sentMail().sent.filter((m) => m.to === email).length;
      const { data, status, headers } = expectData(await attempt({ email, password: "the guesser's own passphrase" }), 400);
      answers.push({ data: { ...data, initialValue: { ...data.initialValue, email: "" } }, status, headers: [...headers] });
      await memoryMailSettled();
      expect(sentMail().sent.filter((m) => m.to === email)).toHaveLength(mails);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(await db().user.count({ where: { email: fresh } })).toBe(0);
  });

  test("repeated failures for one address are slowed down: 429, Retry-After and a message", async () => {
    const { email } = await createVerifiedUser();
    const ip = newIp();
    for (let i = 0; i < 5; i++) expectData(await attempt({ email, password: "wrong password number " + i }, ip), 400);
    const { data, headers } = expectData(await attempt({ email, password: PASSWORD }, ip), 429);
    expect(Number(headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(data.error?.[""]?.[0]).toMatch(/^Too many failed sign-in attempts\. Please wait \d+ seconds/);
    expect(data.initialValue).not.toHaveProperty("password");
  });

  test("an unknown address is slowed down the same way", async () => {
    const email = newEmail("nobody");
    const ip = newIp();
    for (let i = 0; i < 5; i++) expectData(await attempt({ email, password: "wrong password number " + i }, ip), 400);
    expectData(await attempt({ email, password: PASSWORD }, ip), 429);
  });

  test("bad input is a 400 with field errors, never a 500", async () => {
    const empty = expectData(await attempt({}), 400);
    expect(Object.keys(empty.data.error ?? {}).sort()).toEqual(["email", "password"]);
    const long = expectData(await attempt({ email: "a@example.org", password: "x".repeat(10_000) }), 400);
    expect(long.data.error?.password).toHaveLength(1);
    expectData(await attempt({ email: "@", password: "whatever" }), 400);
  });

  // safeRedirectPath (app/auth/current-user.server.ts) lets control characters through:
  // browsers drop a tab inside a URL, so "/\t/evil.example" lands on evil.example, and a
  // newline makes the redirect itself throw (a 500). Flip these to `test` once it is fixed.
  test("a redirectTo with a tab does not leave the site", async () => {
    const { email } = await createVerifiedUser();
    expectRedirect(await attempt({ email, password: PASSWORD, redirectTo: "/\t/evil.example" }), "/account");
  });

  test("a redirectTo with a newline is not a 500", async () => {
    const { cookie } = await createVerifiedUser();
    expectRedirect(await call(logInLoader, get("/login?redirectTo=%2F%0A%2Fevil.example", { cookie })), "/account");
  });

  test("the loader sends a signed-in visitor on, and shows the reset notice", async () => {
    const { cookie } = await createVerifiedUser();
    expectRedirect(await call(logInLoader, get("/login", { cookie })), "/account");
    expectRedirect(await call(logInLoader, get("/login?redirectTo=%2Fmy%2Fletters", { cookie })), "/my/letters");
    expect(await call(logInLoader, get("/login?redirectTo=%2Fmy%2Fletters"))).toEqual({ redirectTo: "/my/letters", passwordReset: false });
    expect(await call(logInLoader, get("/login?reset=1"))).toEqual({ redirectTo: null, passwordReset: true });
  });
});

describe("signing out", () => {
  test("a POST ends this session only and clears the cookie", async () => {
    const { email, cookie } = await createVerifiedUser();
    const other = await logIn(email);
    const { setCookies } = expectRedirect(await call(logOutAction, post("/logout", {}, { cookie })), "/");
    expect(isCleared(setCookies, "session")).toBe(true);
    expect(await getCurrentSession(get("/", { cookie }))).toBeNull();
    expect(await getCurrentSession(get("/", { cookie: other }))).not.toBeNull();
  });

  test("a GET signs nobody out", async () => {
    const { cookie } = await createVerifiedUser();
    const { setCookies } = expectRedirect(await call(logOutLoader, get("/logout", { cookie })), "/");
    expect(setCookies).toEqual([]);
    expect(await getCurrentSession(get("/", { cookie }))).not.toBeNull();
  });

  test("a POST without a session just clears the cookie", async () => {
    const { setCookies } = expectRedirect(await call(logOutAction, post("/logout", {})), "/");
    expect(isCleared(setCookies, "session")).toBe(true);
  });
});
