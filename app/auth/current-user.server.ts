// Who is making this request. Routes call these; the rules live in session.server.ts.
import { redirect } from "@remix-run/node";
import { clearCookie, readCookie, serializeCookie } from "./cookies.server";
import { validateSessionToken } from "./session.server";

export const SESSION_COOKIE = "session";

export async function getCurrentSession(request: Request) {
  return validateSessionToken(readCookie(request, SESSION_COOKIE));
}

/** The signed-in user with a verified email, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request) {
  const current = await getCurrentSession(request);
  if (!current || !current.user.emailVerifiedAt) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return current;
}

export function sessionCookie(token: string, expiresAt: Date) {
  return serializeCookie(SESSION_COOKIE, token, (expiresAt.getTime() - Date.now()) / 1000);
}

export function clearSessionCookie() {
  return clearCookie(SESSION_COOKIE);
}

const BASE = "http://app.invalid";

/**
 * Only same-site paths: never let ?redirectTo= send someone to another host.
 * The decision is made on the path as a browser will read it, after normalisation:
 * "/.//evil.example", "/a/..//evil.example" and "/%2e//evil.example" all resolve to
 * "//evil.example", which a browser reads as another host (protocol-relative).
 */
export function safeRedirectPath(target: string | null | undefined, fallback = "/account") {
  // Control characters (browsers drop tabs and newlines: "/\t/evil.example") and
  // backslashes (read as "/" by browsers) could turn a path into another host.
  // eslint-disable-next-line no-control-regex
  if (typeof target !== "string" || !target.startsWith("/") || /[\x00-\x1f\x7f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // What goes into Location must itself be a plain path: one leading slash, no backslash.
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return fallback;
  return path;
}
