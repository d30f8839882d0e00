// Headers a route's loader or action means for the whole response, whatever the
// route's `headers` export says. Remix builds a document's (and a `.data`
// request's) headers only from `headers` exports, so a route without one silently
// drops its action's Retry-After: a 429 went out without saying when to retry.
// server/web.js runs each Remix request in a scope; entry.server applies it.
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<Headers>();

export function withResponseScope<T>(run: () => T): T {
  return scope.run(new Headers(), run);
}

/** Sent on this request's response (no-op outside a request scope, e.g. in route tests). */
export function setResponseHeader(name: string, value: string) {
  scope.getStore()?.set(name, value);
}

/**
 * What every document and `.data` response gets: the scope's headers where the
 * route set none of its own, and `Cache-Control: private, no-store` unless the
 * route chose its caching (published pages do). Pages show personal data
 * (revealed names, receipts, codes): no browser or shared cache may keep them.
 */
export function applyResponseDefaults(headers: Headers, fromRoutes: Headers[] = []) {
  for (const source of [...fromRoutes, scope.getStore()]) {
    const retryAfter = source?.get("Retry-After");
    if (retryAfter && !headers.has("Retry-After")) headers.set("Retry-After", retryAfter);
  }
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
}
