// With JavaScript on, forms are enhanced, never required (the same forms work
// without it: careful-users.test.ts). Here: client-side checks move focus to the
// first field in error and link the message to it; a server's answer with errors
// does the same (to the field, or to the form's message when no field is at
// fault); a submit button shows that work is happening and a double click sends
// one request; the hydrated pages pass the same page checks.
import type { Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";
import { codeIn, readMail } from "./support/mailbox";
import { checkPage, closePageChecker } from "./support/page-checks";

let app: AppServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  app = await startAppServer();
  browser = await openBrowser();
  browser.context.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await closePageChecker();
  await app?.stop();
});

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** Hydrated: Remix's router runs (client-side validation and pending states exist only then). */
const hydrated = (page: Page) => page.waitForFunction(() => "__remixRouter" in window);

/**
 * Holds the page's form posts until `release` is called, so the pending state can
 * be seen; counts them.
 */
async function holdPosts(page: Page) {
  const posts: Request[] = [];
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.origin === new URL(app.url).origin,
    async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      posts.push(route.request());
      await released;
      await route.fallback();
    },
  );
  return { posts, release };
}

describe("forms with JavaScript on", () => {
  test("sign up: focus on the first error, server errors too, pending state, one request for a double click", async () => {
    const { page, problems } = await newPage(browser.context, app.url);
    await page.goto(`${app.url}/signup`);
    await hydrated(page);

    // Client-side check: nothing is sent, the first field in error gets focus.
    const held = await holdPosts(page);
    await page.getByRole("button", { name: "Create account" }).click();
    const email = page.getByLabel("Your personal email");
    await expect.poll(() => email.getAttribute("aria-invalid")).toBe("true");
    expect(await focusedId(page)).toBe(await email.getAttribute("id"));
    const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
    const message = await page.locator(`[id="${describedBy.split(" ").at(-1)}"]`);
    expect(await message.getAttribute("role")).toBe("alert");
    expect(await message.textContent()).toBeTruthy();
    expect(held.posts).toHaveLength(0);
    expect(await checkPage(page, "signup-errors-js")).toEqual([]);

    // A server-side error (a common password) lands on its field, with focus.
    await email.fill(`olive.${Date.now()}@personal.example`);
    await page.getByLabel("Your name").fill("Olive Organizer");
    await page.getByLabel("Password").fill("password");
    held.release();
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("one of the most common").waitFor();
    expect(await focusedId(page)).toBe(await page.getByLabel("Password").getAttribute("id"));
    expect(await page.getByLabel("Your personal email").inputValue()).toMatch(/^olive\./);
    await page.unrouteAll();

    // Pending: the button says what is happening and takes no second click.
    const slow = await holdPosts(page);
    await page.getByLabel("Password").fill("a long and private passphrase");
    const submit = page.getByRole("button", { name: "Create account" });
    await submit.dblclick();
    const pending = page.getByRole("button", { name: "Creating your account…" });
    await pending.waitFor();
    expect(await pending.isDisabled()).toBe(true);
    await page.keyboard.press("Enter");
    slow.release();
    await page.waitForURL(/\/verify-email/);
    expect(slow.posts).toHaveLength(1);
    await page.unrouteAll();
    expect(problems).toEqual([]);
  });

  test("sign in: a wrong password moves focus to the form's message", async () => {
    const { page, problems } = await newPage(browser.context, app.url);
    await page.goto(`${app.url}/login`);
    await hydrated(page);
    await page.getByLabel("Your email").fill("nobody@personal.example");
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("don't match an account").waitFor();
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    expect(focused).toContain("don't match an account");
    expect(await checkPage(page, "login-errors-js")).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("verify the sign-up code with JavaScript: the account page, checked", async () => {
    const { page, problems } = await newPage(browser.context, app.url);
    const email = `vera.${Date.now()}@personal.example`;
    await page.goto(`${app.url}/signup`);
    await hydrated(page);
    await page.getByLabel("Your personal email").fill(email);
    await page.getByLabel("Your name").fill("Vera Verifier");
    await page.getByLabel("Password").fill("a long and private passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/verify-email/);
    await page.getByLabel(/digit code we sent/).fill("0000 0000");
    await page.getByRole("button", { name: "Verify and continue" }).click();
    const field = page.getByLabel(/digit code we sent/);
    await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
    expect(await focusedId(page)).toBe(await field.getAttribute("id"));
    await field.fill(codeIn(await readMail(browser.context, app.url, email)));
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await page.waitForURL(/\/account/);
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    expect(await checkPage(page, "account-js")).toEqual([]);
    expect(problems).toEqual([]);
    expect(browser.requestsToOtherHosts(app.url)).toEqual([]);
  });

  test("a page reached by a link starts at its heading, as after a page load; a field in error keeps focus", async () => {
    await browser.context.clearCookies(); // signed out: the header links to sign-up and sign-in
    const { page, problems } = await newPage(browser.context, app.url);
    await page.goto(`${app.url}/`);
    await hydrated(page);
    const focusedHeading = () =>
      page.evaluate(() => (document.activeElement?.tagName === "H1" ? document.activeElement.textContent : null));

    // A link inside the page (it disappears with the page).
    await page.locator('main a[href="/login"]').click();
    await page.waitForURL(/\/login$/);
    await expect.poll(focusedHeading).toBe("Sign in");

    // A link in the header (it stays on the screen): focus still moves to the new page.
    await page.locator('header a[href="/signup"]').click();
    await page.waitForURL(/\/signup$/);
    await expect.poll(focusedHeading).toBe("Create an organizer account");
    // The heading is focusable by script only: Tab still goes through the page as before.
    expect(await page.evaluate(() => document.querySelector("main h1")?.getAttribute("tabindex"))).toBe("-1");

    // A form answered with errors keeps focus on the field at fault, not the heading.
    await page.getByLabel("Your personal email").fill(`focus.${Date.now()}@personal.example`);
    await page.getByLabel("Your name").fill("Fay Focus");
    await page.getByLabel("Password").fill("password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("one of the most common").waitFor();
    expect(await focusedId(page)).toBe(await page.getByLabel("Password").getAttribute("id"));
    expect(problems).toEqual([]);
  });
});
