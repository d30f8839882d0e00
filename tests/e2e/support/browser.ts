import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, type Page, chromium } from "playwright-core";

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error("Chromium not found: install Debian's `chromium` (apt-get install chromium) or set CHROMIUM_PATH");
  return found;
}

const scriptsOff = new WeakSet<BrowserContext>();

// Keep Chromium from calling home (the machine has no network, and a test must see
// only the app's own requests).
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether a request goes over the network. Not data: URLs, nor the browser's own
 * built-in pages (chrome-extension://… is Chromium's PDF viewer showing a PDF the
 * app served).
 */
function isNetworkUrl(url: URL) {
  return ["http:", "https:", "ws:", "wss:"].includes(url.protocol);
}

/**
 * A fresh browser profile (its own Chromium), started with CHROMIUM_ARGS.
 */
export async function openBrowser(
  options: {
    javaScriptEnabled?: boolean;
    viewport?: { width: number; height: number };
    /** For the cluster's throwaway certificate (tests/cluster). */
    ignoreHTTPSErrors?: boolean;
  } = {},
) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  if (options.javaScriptEnabled === false) scriptsOff.add(context);
  // Every request of every page in this profile (helpers' pages too, e.g. the
  // mailbox reader), for `requestsToOtherHosts`.
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  return {
    context,
    requests,
    /** Requests any page of this browser made to a host other than the app's. */
    requestsToOtherHosts: (appUrl: string) => {
      const appOrigin = new URL(appUrl).origin;
      return requests.filter((url) => isNetworkUrl(new URL(url)) && new URL(url).origin !== appOrigin);
    },
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for many short-lived people (a journey's signers): each `newContext()`
 * is a fresh, isolated context (no cookies, no cache, no storage of the others), far
 * cheaper on two shared cores than a browser each. Close every context when done.
 */
export async function openSharedBrowser() {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  return {
    newContext: async (options: { javaScriptEnabled?: boolean } = {}) => {
      const context = await browser.newContext({
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        viewport: { width: 1280, height: 900 },
      });
      if (options.javaScriptEnabled === false) scriptsOff.add(context);
      return context;
    },
    close: () => browser.close(),
  };
}

// Answers a form is meant to get for a user's mistake (bad input, a stale step,
// a used link, too many tries): the browser logs them, but they are not faults.
const EXPECTED_USER_ERROR = /Failed to load resource: the server responded with a status of (400|409|410|429)\b/;

/** Everything a page did that a test should fail on: console errors, failed requests, other hosts. */
export function watchPage(page: Page, appUrl: string) {
  const problems: string[] = [];
  const appOrigin = new URL(appUrl).origin;
  page.on("console", (message) => {
    if (EXPECTED_USER_ERROR.test(message.text())) return;
    if (message.type() === "error" || message.type() === "warning") problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (isNetworkUrl(url) && url.origin !== appOrigin) problems.push(`request to another host: ${request.url()}`);
  });
  page.on("requestfailed", (request) => {
    // With JavaScript off, Chromium refuses the page's script preloads: expected.
    if (scriptsOff.has(page.context()) && request.failure()?.errorText === "csp" && new URL(request.url()).pathname.endsWith(".js")) return;
    // A navigation that a newer one (the next click) superseded: Remix cancels the
    // older fetch. Not a fault of the page.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`);
  });
  return problems;
}

export async function newPage(context: BrowserContext, appUrl: string) {
  const page = await context.newPage();
  return { page, problems: watchPage(page, appUrl) };
}

export async function screenshot(page: Page, name: string) {
  const dir = path.resolve("test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
