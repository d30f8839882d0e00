import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";

let app: AppServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  app = await startAppServer();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const post = (path: string, headers: Record<string, string>) => fetch(`${app.url}${path}`, { method: "POST", headers });

/** The nonce in a response's CSP header. */
const cspNonce = (response: Response) => {
  const match = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(response.headers.get("content-security-policy") ?? "");
  expect(match, "a nonce in the CSP").not.toBeNull();
  return match![1]!;
};

describe("cross-site writes", () => {
  test("a POST that a browser marks cross-site is refused before Remix", async () => {
    for (const path of ["/", "/healthz", "/no-such-page"]) {
      const response = await post(path, { "Sec-Fetch-Site": "cross-site" });
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toBe("Cross-site request refused.");
    }
    expect((await post("/", { "Sec-Fetch-Site": "same-site" })).status).toBe(403);
  });

  test("without Sec-Fetch-Site, another Origin (or the opaque null) is refused", async () => {
    expect((await post("/", { Origin: "https://evil.example" })).status).toBe(403);
    expect((await post("/", { Origin: "null" })).status).toBe(403);
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const response = await fetch(`${app.url}/`, { method, headers: { Origin: "https://evil.example" } });
      expect(response.status, method).toBe(403);
    }
  });

  test("same-origin writes, reads and non-browser clients get through to the app", async () => {
    for (const path of ["/", "/healthz"]) {
      expect((await post(path, { "Sec-Fetch-Site": "same-origin" })).status, path).not.toBe(403);
      // The request's own origin counts as the app's, whatever APP_URL says.
      expect((await post(path, { Origin: app.url })).status, path).not.toBe(403);
      expect((await post(path, {})).status, path).not.toBe(403);
    }
    // Sec-Fetch-Site decides over Origin: a same-origin POST under no-referrer says Origin: null.
    expect((await post("/", { "Sec-Fetch-Site": "same-origin", Origin: "null" })).status).not.toBe(403);
    const read = await fetch(`${app.url}/healthz`, { headers: { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" } });
    expect(read.status).toBe(200);
  });

  test("in Chromium: a form posted from the app's own page passes, one posted from another site is refused", async () => {
    // Same origin: the browser sends Sec-Fetch-Site: same-origin, and Origin: null
    // because of Referrer-Policy: no-referrer. (The form goes on a plain-text page of
    // the app: on a Remix page, hydration could replace the DOM it is added to.)
    const { page } = await newPage(browser.context, app.url);
    await page.goto(`${app.url}/healthz`);
    await page.evaluate(() => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/healthz";
      form.append(Object.assign(document.createElement("button"), { textContent: "Post to myself" }));
      document.body.append(form);
    });
    const [own] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST", { timeout: 15_000 }),
      page.getByRole("button", { name: "Post to myself" }).click({ timeout: 15_000 }),
    ]);
    const sent = await own.request().allHeaders();
    expect(sent["sec-fetch-site"]).toBe("same-origin");
    expect(sent.origin).toBe("null");
    expect(own.status()).not.toBe(403);
    // Let the navigation the POST started finish. The page is not closed here:
    // closing a page just after a form navigation can leave close() waiting for a
    // minute (seen twice in CI); the context closes it with the others in afterAll.
    await page.waitForLoadState("load", { timeout: 15_000 });

    // Another site: a page served from http://localhost:<other port> posts to the
    // app at http://127.0.0.1:<port> (another host, so another site).
    const attacker = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(`<!doctype html><form method="post" action="${app.url}/healthz"><button>Go</button></form>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    try {
      const attackerPage = await browser.context.newPage();
      await attackerPage.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`, { timeout: 15_000 });
      const [response] = await Promise.all([
        attackerPage.waitForResponse(`${app.url}/healthz`, { timeout: 15_000 }),
        attackerPage.getByRole("button", { name: "Go" }).click({ timeout: 15_000 }),
      ]);
      expect(await response.request().headerValue("sec-fetch-site")).toBe("cross-site");
      expect(response.status()).toBe(403);
      expect(await response.text()).toBe("Cross-site request refused.");
      await attackerPage.waitForLoadState("load", { timeout: 15_000 });
    } finally {
      attacker.close();
      attacker.closeAllConnections();
    }
  });
});

describe("security headers", () => {
  const expectSecurityHeaders = (response: Response, what: string) => {
    const headers = response.headers;
    const csp = headers.get("content-security-policy") ?? "";
    for (const directive of [
      "default-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp.split("; "), `${what}: ${directive}`).toContain(directive);
    }
    expect(csp, what).toMatch(/script-src 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'(;|$)/);
    expect(headers.get("referrer-policy"), what).toBe("no-referrer");
    expect(headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(headers.get("x-frame-options"), what).toBe("DENY");
    expect(headers.get("cross-origin-opener-policy"), what).toBe("same-origin");
    expect(headers.get("cross-origin-resource-policy"), what).toBe("same-origin");
    expect(headers.get("permissions-policy"), what).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\).*browsing-topics=\(\)/);
    // Served over plain HTTP, with an http: APP_URL: no HSTS.
    expect(headers.get("strict-transport-security"), what).toBeNull();
  };

  test("on documents, resource routes, static files, 404s and refusals", async () => {
    const page = await fetch(`${app.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expectSecurityHeaders(page, "/");

    const stylesheet = /<link rel="stylesheet" href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet, "the page links its fingerprinted stylesheet").toBeTruthy();
    const module = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(module, "the page preloads its modules").toBeTruthy();

    for (const [path, status, init] of [
      ["/healthz", 200, {}],
      [stylesheet!, 200, {}],
      [module!, 200, {}],
      ["/favicon.svg", 200, {}],
      ["/no-such-page", 404, {}],
      ["/_root.data", 200, {}],
      ["/", 403, { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" } }],
    ] as const) {
      const response = await fetch(`${app.url}${path}`, init);
      expect(response.status, path).toBe(status);
      expectSecurityHeaders(response, path);
      await response.arrayBuffer();
    }
  });

  test("X-Forwarded-Proto is not believed without TRUST_PROXY_HOPS", async () => {
    const response = await fetch(`${app.url}/healthz`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  test("HSTS when the app is served over HTTPS: an https APP_URL, or a trusted proxy's X-Forwarded-Proto", async () => {
    const [behindTls, proxied] = await Promise.all([
      // A public APP_URL needs a mail server (the local mailbox is for this machine only); none is reached here.
      startAppServer({ APP_URL: "https://letters.example", SMTP_URL: "smtp://127.0.0.1:9" }),
      startAppServer({ TRUST_PROXY_HOPS: "1" }),
    ]);
    try {
      const hsts = "max-age=63072000; includeSubDomains";
      expect((await fetch(`${behindTls.url}/healthz`)).headers.get("strict-transport-security")).toBe(hsts);
      // The configured origin is accepted; so is the request's own (plain http here).
      expect((await fetch(`${behindTls.url}/healthz`, { method: "POST", headers: { Origin: "https://letters.example" } })).status).not.toBe(
        403,
      );
      expect((await fetch(`${behindTls.url}/healthz`, { method: "POST", headers: { Origin: behindTls.url } })).status).not.toBe(403);
      expect((await fetch(`${behindTls.url}/healthz`, { method: "POST", headers: { Origin: "https://evil.example" } })).status).toBe(403);

      expect((await fetch(`${proxied.url}/healthz`)).headers.get("strict-transport-security")).toBeNull();
      const viaTls = await fetch(`${proxied.url}/healthz`, { headers: { "X-Forwarded-Proto": "https" } });
      expect(viaTls.headers.get("strict-transport-security")).toBe(hsts);
    } finally {
      await Promise.all([behindTls.stop(), proxied.stop()]);
    }
  });
});

describe("the CSP nonce", () => {
  test("is new on every response and is the one on every <script> of the page", async () => {
    const [first, second] = await Promise.all([fetch(`${app.url}/`), fetch(`${app.url}/`)]);
    const nonces = [cspNonce(first), cspNonce(second)];
    expect(nonces[0]).not.toBe(nonces[1]);
    for (const [index, response] of [first, second].entries()) {
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(` nonce="${nonces[index]}"`);
    }
  });

  test("the landing page and a client-side navigation run with no CSP violation or console error", async () => {
    const { page, problems } = await newPage(browser.context, app.url);
    const violations: string[] = [];
    await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const response = await page.goto(app.url, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    // Hydrated: Remix's scripts ran, so links navigate on the client (the window survives).
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await page.getByRole("link", { name: "Local mailbox" }).click();
    await page.waitForURL(`${app.url}/dev/mailbox`);
    expect(await page.evaluate(() => "sameDocument" in window)).toBe(true);
    await page.getByRole("heading", { level: 1, name: "Local mailbox" }).waitFor();
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });
});
