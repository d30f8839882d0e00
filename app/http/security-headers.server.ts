// Headers set on every response: documents, data requests, resource routes and
// static files (server.js sets them before anything else answers).
//
// Privacy model rule 7 ("nothing leaves for third parties") is enforced by the
// browser through the Content-Security-Policy: every fetch directive allows only
// this origin. Scripts run only when they carry this response's nonce, or when a
// nonced script loaded them ('strict-dynamic': Remix's entry imports the route
// modules). Letter links are secrets, so no Referer ever leaves a page.

export type SecurityHeaderOptions = {
  /** This response's CSP nonce (base64), the one rendered on Remix's <script> tags. */
  nonce: string;
  /** The app is served over HTTPS: APP_URL is https:, or this request arrived over TLS. */
  https: boolean;
  /** false under `npm run dev`: Vite's dev server needs a slightly wider policy. */
  production: boolean;
};

export function contentSecurityPolicy({ nonce, production }: Pick<SecurityHeaderOptions, "nonce" | "production">) {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [`'nonce-${nonce}'`, "'strict-dynamic'"],
    // Development: Vite injects CSS as <style> elements (hot reload) and its error
    // overlay carries inline styles; its HMR websocket listens on its own port
    // (24678), which 'self' does not cover. The script policy stays the same, so
    // a script the production policy would block fails in development too.
    "style-src": production ? ["'self'"] : ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": production ? ["'self'"] : ["'self'", "ws:"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

export function securityHeaders({ nonce, https, production }: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy({ nonce, production }),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
  };
  // Over plain HTTP the header is meaningless (browsers ignore it) and would pin
  // a development host such as localhost to HTTPS if it ever were honoured.
  if (https) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
