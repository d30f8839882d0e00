// Cookies set by the app. Always HttpOnly, SameSite=Lax, Path=/; over HTTPS also
// Secure with the __Host- prefix (which the browser enforces: Secure, no Domain, Path=/).
import { config } from "~/config/env.server";

export function cookieName(base: string) {
  return config().appUrl.startsWith("https:") ? `__Host-${base}` : base;
}

export function serializeCookie(base: string, value: string, maxAgeSeconds: number) {
  const parts = [`${cookieName(base)}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (config().appUrl.startsWith("https:")) parts.push("Secure");
  return parts.join("; ");
}

export function clearCookie(base: string) {
  return serializeCookie(base, "", 0);
}

/** Anything with Fetch-style headers: a Request, or the page cache's view of a Node request. */
export type HeaderSource = { headers: { get(name: string): string | null } };

export function readCookie(request: HeaderSource, base: string) {
  const name = cookieName(base);
  for (const pair of (request.headers.get("Cookie") ?? "").split(";")) {
    const index = pair.indexOf("=");
    if (index > 0 && pair.slice(0, index).trim() === name) return pair.slice(index + 1).trim();
  }
  return null;
}
