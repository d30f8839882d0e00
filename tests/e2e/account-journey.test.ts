// Issue 3's journey in a real browser: sign up, read the code from the local
// mailbox page, verify, sign out, sign in, reset the password through the emailed
// link, sign in with the new one. On SQLite with and without JavaScript, and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";
import { codeIn, linkIn, readMail } from "./support/mailbox";
import { freshPostgresDatabase } from "./support/postgres";

const variants = [
  { name: "SQLite, JavaScript on", database: "sqlite", javaScriptEnabled: true },
  { name: "SQLite, JavaScript off", database: "sqlite", javaScriptEnabled: false },
  { name: "PostgreSQL, JavaScript on", database: "postgres", javaScriptEnabled: true },
] as const;

describe.each(variants)("organizer account journey ($name)", ({ database, javaScriptEnabled }) => {
  let app: AppServer;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let dropDatabase = async () => {};

  beforeAll(async () => {
    const env: Record<string, string> = {};
    if (database === "postgres") {
      const pg = await freshPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropDatabase = pg.drop;
    }
    app = await startAppServer(env);
    browser = await openBrowser({ javaScriptEnabled });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await dropDatabase();
  });

  test("sign up, verify, sign out, sign in, reset the password, sign in with the new one", async () => {
    const { page, problems } = await newPage(browser.context, app.url);
    const email = `olive.${Date.now()}@personal.example`;

    await page.goto(`${app.url}/signup`);
    await page.getByLabel("Your personal email").fill(email);
    await page.getByLabel("Your name").fill("Olive Organizer");
    await page.getByLabel("Password").fill("password");
    await page.getByRole("button", { name: "Create account" }).click();
    // A common password is refused next to its field, and nothing else is lost.
    await expect(page.getByText("one of the most common").textContent()).resolves.toBeTruthy();
    expect(await page.getByLabel("Your personal email").inputValue()).toBe(email);

    await page.getByLabel("Password").fill("a long and private passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/verify-email/);

    const code = codeIn(await readMail(browser.context, app.url, email));
    await page.getByLabel(/digit code we sent/).fill(`${code.slice(0, 4)} ${code.slice(4)}`);
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await page.waitForURL(/\/account/);
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL(`${app.url}/`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" }).waitFor();

    await page.goto(`${app.url}/login`);
    await page.getByLabel("Your email").fill(email);
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("don't match an account").waitFor();
    await page.getByLabel("Password").fill("a long and private passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/account/);
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL(`${app.url}/`);

    await page.goto(`${app.url}/forgot-password`);
    await page.getByLabel("Your email").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    const link = linkIn(await readMail(browser.context, app.url, email, { after: 1 }), app.url);
    expect(link).toContain("/reset-password/");

    await page.goto(link);
    await page.getByLabel("New password").fill("an even longer private passphrase");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel("Your email").fill(email);
    await page.getByLabel("Password").fill("an even longer private passphrase");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/account/);

    // The used link is dead now.
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    expect(problems).toEqual([]);
  });
});
