// Calling route loaders and actions directly, with real Requests, against the
// test file's own SQLite database (tests/support/sqlite-setup-file.ts).
import type { SubmissionResult } from "@conform-to/react";
import type { AppLoadContext } from "@remix-run/node";
import { expect } from "vitest";
import { db } from "~/db/client.server";
import { mapAppErrors } from "~/http/app-errors.server";
import { sentMail } from "../support/mail";
import { action as signUpAction } from "~/routes/signup";
import { action as verifyAction } from "~/routes/verify-email";
import { action as logInAction } from "~/routes/login";

export const PASSWORD = "plum tractor oasis 91";
export const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
export const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

export const context: AppLoadContext = { cspNonce: "n", clientIp: "203.0.113.7", directLoopback: false };

let counter = 0;
/** A new address each call, so tests in one file do not share accounts or per-address limits. */
export function newEmail(prefix = "organizer") {
  counter += 1;
  return `${prefix}.${counter}@example.org`;
}
/** A new client address each call, so per-IP limits only bite where a test wants them to. */
export function newIp() {
  counter += 1;
  return `198.51.${Math.floor(counter / 250) % 250}.${(counter % 250) + 1}`;
}

type Options = { cookie?: string | string[]; userAgent?: string };

function requestHeaders({ cookie, userAgent }: Options) {
  const headers = new Headers();
  const cookies = Array.isArray(cookie) ? cookie : cookie ? [cookie] : [];
  if (cookies.length) headers.set("Cookie", cookies.join("; "));
  if (userAgent) headers.set("User-Agent", userAgent);
  return headers;
}

export function get(path: string, options: Options = {}) {
  return new Request(`http://localhost${path}`, { headers: requestHeaders(options) });
}

export function post(path: string, fields: Record<string, string>, options: Options = {}) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: requestHeaders(options),
  });
}

type Params = { readonly [key: string]: string | undefined };
type RouteFunction = (args: { request: Request; params: Params; context: AppLoadContext }) => Promise<unknown>;

/**
 * Runs a loader or action as the server does (AppErrors mapped to HTTP, as
 * server/web.js wraps every route); a thrown Response (redirect, 404) is returned
 * like a returned one.
 */
export async function call(fn: RouteFunction, request: Request, { params = {}, ip }: { params?: Params; ip?: string } = {}) {
  try {
    return await mapAppErrors(fn)({ request, params, context: { ...context, clientIp: ip ?? context.clientIp } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export type Redirect = { location: string; setCookies: string[]; response: Response };

export function expectRedirect(result: unknown, location?: string): Redirect {
  expect(result, "expected a redirect").toBeInstanceOf(Response);
  const response = result as Response;
  expect(response.status).toBeGreaterThanOrEqual(300);
  expect(response.status).toBeLessThan(400);
  const found = response.headers.get("Location");
  if (location !== undefined) expect(found).toBe(location);
  return { location: found ?? "", setCookies: response.headers.getSetCookie(), response };
}

/** What single fetch's data(…) gives back when the function is called directly. */
export type Answer<T = SubmissionResult<string[]>> = { data: T; status: number; headers: Headers };

export function expectData<T = SubmissionResult<string[]>>(result: unknown, status?: number): Answer<T> {
  expect(result, "expected data(…), not a Response").not.toBeInstanceOf(Response);
  const value = result as { type?: string; data?: T; init?: ResponseInit | null };
  expect(value.type).toBe("DataWithResponseInit");
  const answer = { data: value.data as T, status: value.init?.status ?? 200, headers: new Headers(value.init?.headers) };
  if (status !== undefined) expect(answer.status).toBe(status);
  return answer;
}

/** "name=value" of the Set-Cookie for `name`, ready for a Cookie header. */
export function cookieFrom(setCookies: string[], name: string) {
  const found = setCookies.find((c) => c.startsWith(`${name}=`));
  expect(found, `a Set-Cookie for ${name}`).toBeDefined();
  return found!.split(";")[0]!;
}

export function isCleared(setCookies: string[], name: string) {
  return setCookies.some((c) => c.startsWith(`${name}=;`) && c.includes("Max-Age=0"));
}

/** The code in the latest code mail sent to `email`. */
export async function latestCode(email: string) {
  const mail = await sentMail().latestTo(email, (m) => m.kind === "account-email-code");
  const match = /(\d{4}) (\d{4})/.exec(mail?.text ?? "");
  expect(match, "a code mail").not.toBeNull();
  return `${match![1]}${match![2]}`;
}

export async function signUp(email: string, password = PASSWORD) {
  const result = await call(signUpAction, post("/signup", { email, displayName: "Ada Organizer", password }), { ip: newIp() });
  const { setCookies } = expectRedirect(result, "/verify-email");
  return cookieFrom(setCookies, "email-verification");
}

/** Sign up and verify: a verified user with one session (its Cookie header value). */
export async function createVerifiedUser(email = newEmail(), password = PASSWORD, userAgent = FIREFOX) {
  const verificationCookie = await signUp(email, password);
  const code = await latestCode(email);
  const result = await call(verifyAction, post("/verify-email", { intent: "verify", code }, { cookie: verificationCookie, userAgent }), {
    ip: newIp(),
  });
  const { setCookies } = expectRedirect(result, "/account");
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  return { email, password, user, cookie: cookieFrom(setCookies, "session") };
}

/** Sign in again: another session for the same user. */
export async function logIn(email: string, password = PASSWORD, userAgent = CHROME_MAC) {
  const result = await call(logInAction, post("/login", { email, password }, { userAgent }), { ip: newIp() });
  const { setCookies } = expectRedirect(result, "/account");
  return cookieFrom(setCookies, "session");
}

export function sessionIdOf(cookie: string) {
  return cookie.split("=")[1]!.split(".")[0]!;
}
