// Cross-site request forgery protection for the whole app, checked in server.js
// before Remix sees the request: a page on another site must not be able to make
// a signer's browser sign, withdraw or create anything.
//
// Browsers say where a request comes from. Sec-Fetch-Site (every current browser)
// is trusted first; Origin is the fallback for older ones. Origin alone would not
// do: with `Referrer-Policy: no-referrer` browsers send `Origin: null` even on a
// same-origin form POST. Requests with neither header come from non-browser
// clients (curl, uptime checks), which carry no ambient cookies to abuse.

/** Methods that may change state. GET, HEAD and OPTIONS must never do so. */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Sec-Fetch-Site values for a request the app's own pages (or the user, typing a URL) made. */
const TRUSTED_FETCH_SITES = new Set(["same-origin", "none"]);

type HeaderValue = string | readonly string[] | undefined;

export type CrossSiteWriteInput = {
  method: string;
  /** The request's headers, lower-case names (Node's `req.headers` fits as is). */
  headers: { "sec-fetch-site"?: HeaderValue; origin?: HeaderValue; host?: HeaderValue; [name: string]: HeaderValue };
  /** Where people reach the app (config().appUrl); a full URL is fine, only its origin counts. */
  appOrigin: string;
  /**
   * The scheme this request arrived over ("http" / "https", Express's `req.protocol`).
   * With the Host header it gives the request's own origin, also accepted (so the app
   * works at http://127.0.0.1:PORT whatever APP_URL says). Without it, only appOrigin counts.
   */
  protocol?: string;
};

/** True when the request is a state-changing request that another site made: answer 403. */
export function isCrossSiteWrite({ method, headers, appOrigin, protocol }: CrossSiteWriteInput): boolean {
  if (!STATE_CHANGING.has(method.toUpperCase())) return false;

  const fetchSite = single(headers["sec-fetch-site"]);
  if (fetchSite !== undefined) return !TRUSTED_FETCH_SITES.has(fetchSite.trim().toLowerCase());

  const origin = single(headers.origin);
  if (origin === undefined) return false;
  // "null" (opaque origins: sandboxed frames, data: URLs, privacy redirects) and
  // anything unparseable fall through to refusal.
  const allowed = [originOf(appOrigin)];
  const host = single(headers.host);
  if (protocol && host) allowed.push(originOf(`${protocol}://${host}`));
  const sent = originOf(origin);
  return sent === undefined || !allowed.includes(sent);
}

/** A repeated header is suspicious: treat it as a value no rule accepts. */
function single(value: HeaderValue): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  return value.length === 1 ? value[0] : "(repeated)";
}

/** The serialised origin of a URL ("https://host[:port]"), or undefined for "null" and garbage. */
function originOf(url: string): string | undefined {
  try {
    const { origin, protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:" ? origin : undefined;
  } catch {
    return undefined;
  }
}
