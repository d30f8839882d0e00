import { describe, expect, test } from "vitest";
import { type CrossSiteWriteInput, isCrossSiteWrite } from "~/http/request-protection.server";
import { contentSecurityPolicy, securityHeaders } from "~/http/security-headers.server";

describe("isCrossSiteWrite", () => {
  const appOrigin = "https://letters.example";
  const check = (method: string, headers: CrossSiteWriteInput["headers"], protocol?: string) =>
    isCrossSiteWrite({ method, headers, appOrigin, protocol });

  test.each([
    // Safe methods are never checked, whatever the headers say.
    ["GET", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }, false],
    ["HEAD", { "sec-fetch-site": "cross-site" }, false],
    ["OPTIONS", { origin: "https://evil.example" }, false],
    // Sec-Fetch-Site decides when present, for every state-changing method.
    ["POST", { "sec-fetch-site": "same-origin" }, false],
    ["POST", { "sec-fetch-site": "none" }, false],
    ["POST", { "sec-fetch-site": "same-site" }, true],
    ["POST", { "sec-fetch-site": "cross-site" }, true],
    ["PUT", { "sec-fetch-site": "cross-site" }, true],
    ["PATCH", { "sec-fetch-site": "cross-site" }, true],
    ["DELETE", { "sec-fetch-site": "same-site" }, true],
    ["post", { "sec-fetch-site": "cross-site" }, true],
    ["POST", { "sec-fetch-site": "Same-Origin" }, false],
    ["POST", { "sec-fetch-site": "something-new" }, true],
    ["POST", { "sec-fetch-site": ["same-origin", "cross-site"] }, true],
    // ...and wins over Origin: with Referrer-Policy no-referrer a same-origin POST says Origin: null.
    ["POST", { "sec-fetch-site": "same-origin", origin: "null" }, false],
    ["POST", { "sec-fetch-site": "cross-site", origin: appOrigin }, true],
    // Without Sec-Fetch-Site, Origin decides; without either, it is not a browser.
    ["POST", {}, false],
    ["POST", { origin: "https://letters.example" }, false],
    ["POST", { origin: "https://evil.example" }, true],
    ["POST", { origin: "null" }, true],
    ["POST", { origin: "http://letters.example" }, true],
    ["POST", { origin: "https://letters.example:8443" }, true],
    ["POST", { origin: "https://letters.example.evil.example" }, true],
    ["POST", { origin: "not a url" }, true],
    ["POST", { origin: "file:///etc/passwd" }, true],
    ["DELETE", { origin: "https://evil.example" }, true],
  ] as const)("%s with %o → refused: %s", (method, headers, refused) => {
    expect(check(method, headers)).toBe(refused);
  });

  test("the request's own scheme and host count as the app's origin", () => {
    const headers = { origin: "http://127.0.0.1:4321", host: "127.0.0.1:4321" };
    expect(check("POST", headers, "http")).toBe(false);
    // A different scheme on the same host is another origin.
    expect(check("POST", headers, "https")).toBe(true);
    // Without the request's scheme, only the configured origin counts.
    expect(check("POST", headers)).toBe(true);
    expect(check("POST", { origin: "http://127.0.0.1:4321", host: "127.0.0.1:9999" }, "http")).toBe(true);
    // Default ports and letter case are normalised on both sides.
    expect(check("POST", { origin: "http://localhost", host: "LOCALHOST:80" }, "http")).toBe(false);
  });

  test("appOrigin may be given as a full URL", () => {
    const input = { method: "POST", headers: { origin: "https://letters.example" } };
    expect(isCrossSiteWrite({ ...input, appOrigin: "https://letters.example/some/path" })).toBe(false);
    expect(isCrossSiteWrite({ ...input, appOrigin: "https://LETTERS.example:443/" })).toBe(false);
  });
});

describe("securityHeaders", () => {
  const nonce = "q1w2e3r4t5y6u7i8o9p0aA==";

  test("the production CSP allows only this origin, and scripts only with the nonce", () => {
    const csp = securityHeaders({ nonce, https: false, production: true })["Content-Security-Policy"]!;
    const directives = Object.fromEntries(
      csp.split(";").map((d) => {
        const [name, ...sources] = d.trim().split(/\s+/);
        return [name, sources.join(" ")];
      }),
    );
    expect(directives).toEqual({
      "default-src": "'self'",
      "script-src": `'nonce-${nonce}' 'strict-dynamic'`,
      "style-src": "'self'",
      "img-src": "'self' data:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
      "object-src": "'none'",
      "base-uri": "'none'",
    });
    expect(csp).not.toContain("unsafe");
    expect(csp).not.toContain("*");
    expect(csp).not.toMatch(/https?:/);
  });

  test("development adds only what Vite's dev server needs: inline styles and its websocket", () => {
    const csp = contentSecurityPolicy({ nonce, production: false });
    expect(csp).toContain("style-src 'self' 'unsafe-inline';");
    expect(csp).toContain("connect-src 'self' ws:;");
    expect(csp).toContain(`script-src 'nonce-${nonce}' 'strict-dynamic';`);
    expect(csp).not.toContain("unsafe-eval");
  });

  test("the other headers", () => {
    const headers = securityHeaders({ nonce, https: false, production: true });
    expect(headers).toMatchObject({
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    const permissions = headers["Permissions-Policy"]!.split(/,\s*/);
    for (const feature of ["camera", "microphone", "geolocation", "interest-cohort", "browsing-topics"]) {
      expect(permissions).toContain(`${feature}=()`);
    }
  });

  test("HSTS only over HTTPS", () => {
    expect(securityHeaders({ nonce, https: false, production: true })).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ nonce, https: true, production: true })["Strict-Transport-Security"]).toBe(
      "max-age=63072000; includeSubDomains",
    );
    expect(securityHeaders({ nonce, https: true, production: false })).toHaveProperty("Strict-Transport-Security");
  });
});
