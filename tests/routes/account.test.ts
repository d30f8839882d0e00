import { describe, expect, test } from "vitest";
import { getCurrentSession } from "~/auth/current-user.server";
import { db } from "~/db/client.server";
import { action, loader } from "~/routes/account/route";
import { PASSWORD, call, createVerifiedUser, expectData, expectRedirect, get, isCleared, logIn, newIp, post, sessionIdOf } from "./support";

const NEW_PASSWORD = "harbour pepper glacier 63";

const submit = (cookie: string | undefined, fields: Record<string, string>) => call(action, post("/account", fields, { cookie }));

type AccountData = Awaited<ReturnType<typeof loader>>;
const load = async (cookie?: string, path = "/account") => (await call(loader, get(path, { cookie }))) as AccountData;

const isSignedIn = async (cookie: string) => (await getCurrentSession(get("/", { cookie }))) !== null;

describe("the account page", () => {
  test("needs a signed-in user, and comes back here after signing in", async () => {
    expectRedirect(await call(loader, get("/account")), "/login?redirectTo=%2Faccount");
    expectRedirect(await submit(undefined, { intent: "sign-out-everywhere" }), "/login?redirectTo=%2Faccount");
    expectRedirect(await submit("session=garbage", { intent: "sign-out-everywhere" }), "/login?redirectTo=%2Faccount");
  });

  test("shows details, sessions with this browser marked, and the security history", async () => {
    const { email, cookie } = await createVerifiedUser();
    await logIn(email);
    const page = await load(cookie, "/account?done=password-changed");
    expect(page.user).toEqual({ displayName: "Ada Organizer", email });
    expect(page.done).toBe("password-changed");
    expect(page.sessions).toHaveLength(2);
    expect(page.sessions[0]).toMatchObject({ id: sessionIdOf(cookie), current: true, deviceLabel: "Firefox on Linux" });
    expect(page.sessions[1]).toMatchObject({ current: false, deviceLabel: "Chrome on macOS" });
    const today = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: "UTC" }).format(new Date());
    expect(page.sessions[0]!.lastActive).toBe(today);
    expect(page.sessions[0]!.lastActive).toMatch(/^\d{1,2} [A-Z][a-z]+$/);
    expect(page.events.map((e) => e.label)).toEqual(expect.arrayContaining(["Account created", "Login email verified", "Signed in"]));
    expect(page.events.find((e) => e.detail === "Chrome on macOS")?.label).toBe("Signed in");
    expect(page.events[0]!.date).toBe(today);
    // Nothing secret reaches the page.
    expect(JSON.stringify(page)).not.toMatch(/passwordHash|secretHash|argon2/);
  });
});

describe("change password", () => {
  test("ends the other sessions, keeps this one, and the new password works", async () => {
    const { email, cookie, user } = await createVerifiedUser();
    const other = await logIn(email);
    const result = await submit(cookie, { intent: "change-password", currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expectRedirect(result, "/account?done=password-changed");
    expect(await isSignedIn(cookie)).toBe(true);
    expect(await isSignedIn(other)).toBe(false);
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
    await logIn(email, NEW_PASSWORD);
    const events = (await load(cookie)).events.map((e) => e.label);
    expect(events).toContain("Password changed");
  });

  test("a wrong current password and a weak new one go next to their fields, not echoed", async () => {
    const { cookie } = await createVerifiedUser();
    const wrong = expectData(
      await submit(cookie, { intent: "change-password", currentPassword: "not my password", newPassword: NEW_PASSWORD }),
      400,
    );
    expect(wrong.data.error).toEqual({ currentPassword: ["That password is not right."] });
    expect(wrong.data.initialValue).toEqual({ intent: "change-password" });
    const weak = expectData(
      await submit(cookie, { intent: "change-password", currentPassword: PASSWORD, newPassword: "password123" }),
      400,
    );
    expect(Object.keys(weak.data.error ?? {})).toEqual(["newPassword"]);
    const missing = expectData(await submit(cookie, { intent: "change-password" }), 400);
    expect(Object.keys(missing.data.error ?? {}).sort()).toEqual(["currentPassword", "newPassword"]);
    expect(missing.data.initialValue?.intent).toBe("change-password");
  });
});

describe("sessions", () => {
  test("signing out one of your other sessions ends it", async () => {
    const { email, cookie } = await createVerifiedUser();
    const other = await logIn(email);
    expectRedirect(await submit(cookie, { intent: "revoke-session", sessionId: sessionIdOf(other) }), "/account?done=session-revoked");
    expect(await isSignedIn(other)).toBe(false);
    expect(await isSignedIn(cookie)).toBe(true);
    expect((await load(cookie)).events[0]).toMatchObject({ label: "A session was signed out", detail: "Chrome on macOS" });
  });

  test("another user's session id changes nothing", async () => {
    const alice = await createVerifiedUser();
    const bob = await createVerifiedUser();
    expectRedirect(await submit(alice.cookie, { intent: "revoke-session", sessionId: sessionIdOf(bob.cookie) }), "/account");
    expect(await isSignedIn(bob.cookie)).toBe(true);
    expectRedirect(await submit(alice.cookie, { intent: "revoke-session", sessionId: "no-such-session" }), "/account");
    expectData(await submit(alice.cookie, { intent: "revoke-session" }), 400);
    expectData(await submit(alice.cookie, { intent: "revoke-session", sessionId: "x".repeat(500) }), 400);
  });

  test("sign out everywhere ends every session, this one included", async () => {
    const { email, cookie, user } = await createVerifiedUser();
    const other = await logIn(email);
    const { setCookies } = expectRedirect(await submit(cookie, { intent: "sign-out-everywhere" }), "/login");
    expect(isCleared(setCookies, "session")).toBe(true);
    expect(await isSignedIn(cookie)).toBe(false);
    expect(await isSignedIn(other)).toBe(false);
    expect(await db().securityEvent.count({ where: { userId: user.id, kind: "signed-out-everywhere" } })).toBe(1);
  });
});

describe("delete account", () => {
  test("a wrong password is refused next to the field, and nothing is deleted", async () => {
    const { cookie, user } = await createVerifiedUser();
    const { data } = expectData(await submit(cookie, { intent: "delete-account", password: "not my password" }), 400);
    expect(data.error).toEqual({ password: ["That password is not right."] });
    expect(data.initialValue).toEqual({ intent: "delete-account" });
    expect(await db().user.count({ where: { id: user.id } })).toBe(1);
  });

  test("removes the user, its sessions and history, and clears the cookie", async () => {
    const { email, cookie, user } = await createVerifiedUser();
    await logIn(email);
    const { setCookies } = expectRedirect(await submit(cookie, { intent: "delete-account", password: PASSWORD }), "/");
    expect(isCleared(setCookies, "session")).toBe(true);
    expect(await db().user.count({ where: { id: user.id } })).toBe(0);
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().securityEvent.count({ where: { userId: user.id } })).toBe(0);
    expect(await isSignedIn(cookie)).toBe(false);
    // The address can sign in no more.
    const { action: logInAction } = await import("~/routes/login");
    expectData(await call(logInAction, post("/login", { email, password: PASSWORD }), { ip: newIp() }), 400);
  });
});

describe("bad input", () => {
  test("an unknown or missing intent is a 400, never a 500", async () => {
    const { cookie } = await createVerifiedUser();
    for (const fields of [{}, { intent: "drop-tables" }, { intent: "" }, { intent: "delete-account" }] as Record<string, string>[]) {
      expectData(await submit(cookie, fields), 400);
    }
    expect(await isSignedIn(cookie)).toBe(true);
  });
});
