import fs from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AppServer, runServerExpectingExit, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";
import { checkPage, closePageChecker } from "./support/page-checks";

let app: AppServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  app = await startAppServer();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await closePageChecker();
  await app?.stop();
});

test("the landing page renders, with no console error and nothing from another host", async () => {
  const { page, problems } = await newPage(browser.context, app.url);
  const response = await page.goto(app.url, { waitUntil: "networkidle" });
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBeTruthy();
  expect(await page.getByRole("link", { name: "Local mailbox" }).count()).toBe(1);
  // Hydrated (JavaScript on): accessible, no sideways scroll at 360 px, screenshots.
  expect(await checkPage(page, "landing-js")).toEqual([]);
  expect(problems).toEqual([]);
});

test("the local mailbox page is reachable from the navigation", async () => {
  const { page, problems } = await newPage(browser.context, app.url);
  await page.goto(app.url);
  await page.getByRole("link", { name: "Local mailbox" }).click();
  await page.waitForURL(`${app.url}/dev/mailbox`);
  // A client-side navigation renders just after the URL changes: wait for the heading.
  await page.getByRole("heading", { level: 1, name: "Local mailbox" }).waitFor();
  expect(problems).toEqual([]);
});

test("an unknown page gets a friendly 404, without a stack trace", async () => {
  const { page } = await newPage(browser.context, app.url);
  const response = await page.goto(`${app.url}/no-such-page`);
  expect(response?.status()).toBe(404);
  const text = await page.textContent("body");
  expect(text).not.toMatch(/at .*\.js:\d+/);
});

test("GET /healthz answers 200", async () => {
  const response = await fetch(`${app.url}/healthz`);
  expect(response.status).toBe(200);
});

test("request logs are JSON lines that name the route shape, not secrets", async () => {
  await fetch(`${app.url}/r/k3x9qz7m2p4w8r6t1v5y0b3nq?email=someone@bigcorp.example`);
  await new Promise((r) => setTimeout(r, 200));
  const requestLines = app
    .output()
    .split("\n")
    .filter((line) => line.includes('"msg":"request"'));
  expect(requestLines.length).toBeGreaterThan(0);
  expect(app.output()).not.toContain("k3x9qz7m2p4w8r6t1v5y0b3nq");
  expect(app.output()).not.toContain("someone@bigcorp.example");
  expect(requestLines.some((line) => line.includes('"path":"/r/:param"'))).toBe(true);
});

test("a bad environment value stops the server with a message naming it", async () => {
  const { code, output } = await runServerExpectingExit({ PORT: "eighty", DATA_DIR: app.dataDir });
  expect(code).toBe(1);
  expect(output).toContain("PORT");
  expect(output).not.toMatch(/at .*\.js:\d+/);
});

test("SIGTERM shuts the server down cleanly", async () => {
  const other = await startAppServer();
  expect(await other.stop()).toBe(0);
  expect(other.output()).toContain('"msg":"shutting down"');
});

test("WEB_PROCESSES=2: two web processes serve, one that dies is replaced, SIGTERM stops them all", async () => {
  const two = await startAppServer({ WEB_PROCESSES: "2" });
  try {
    const children = () =>
      fs.readFileSync(`/proc/${two.process.pid}/task/${two.process.pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    // The supervisor says so once both listen; its line comes a moment after the second's log.
    const ready = () => /listening[^\n]*"webProcess":1/.test(two.output()) && two.output().includes("(2 web processes)");
    for (let i = 0; i < 50 && !ready(); i++) await new Promise((r) => setTimeout(r, 100));
    const first = children();
    expect(first).toHaveLength(2);
    expect(two.output()).toContain("(2 web processes)");

    process.kill(first[1]!, "SIGKILL");
    let now = first;
    for (let i = 0; i < 100 && (now.length < 2 || now.includes(first[1]!)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = children();
    }
    expect(now).toHaveLength(2);
    expect(now).not.toContain(first[1]);
    expect(two.output()).toContain("web process 1 stopped (SIGKILL); starting another");
    expect((await fetch(`${two.url}/healthz`)).status).toBe(200);
  } finally {
    expect(await two.stop()).toBe(0);
  }
});

test("a bad WEB_PROCESSES stops the server with a message naming it", async () => {
  const { code, output } = await runServerExpectingExit({ WEB_PROCESSES: "zero", DATA_DIR: app.dataDir });
  expect(code).toBe(1);
  expect(output).toContain("WEB_PROCESSES");
});
