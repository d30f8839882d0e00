// Issue 15's journey in a real browser: an organizer gives a draft three trustees,
// two of whom must agree; the draft cannot open until every trustee has a key; each
// trustee's browser makes the key, downloads the key file and registers the public
// key, and the server's fingerprint matches the browser's; then the letter opens,
// and its page shows the trustees, k of n, and each key's fingerprint.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";
import { signUpOrganizer } from "./support/organizer";
import { checkPage, closePageChecker } from "./support/page-checks";
import { addTrusteesOnDraft, type BrowserTrustee, registerTrusteeInBrowser } from "./support/trustees";

function isoDate(daysFromNow: number) {
  return new Date(Date.now() + daysFromNow * 24 * 60 * 60_000).toISOString().slice(0, 10);
}

describe("trustee journey", () => {
  let app: AppServer;
  let organizer: Awaited<ReturnType<typeof openBrowser>>;
  const checks: string[] = [];
  const registered: BrowserTrustee[] = [];

  beforeAll(async () => {
    app = await startAppServer();
    organizer = await openBrowser({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await organizer?.close();
    await closePageChecker();
    await app?.stop();
    for (const t of registered) fs.rmSync(t.keyFile, { force: true });
  });

  test("three trustees register keys in their browsers, then the letter opens showing them", { timeout: 300_000 }, async () => {
    await signUpOrganizer(organizer.context, app.url);
    const { page, problems } = await newPage(organizer.context, app.url);
    await page.goto(`${app.url}/my/letters/new`);
    await page.getByLabel("Title").fill("End the surveillance contract");
    await page.getByLabel("Addressed to").fill("The CEO");
    await page.getByLabel("Organization").fill("Example Corp");
    await page.getByLabel("Work-email domains that may sign").fill("example.com");
    await page.getByLabel("The letter").fill("We ask you to end the contract.");
    await page.getByLabel("Reveal threshold").fill("5");
    await page.getByLabel("Deadline").fill(isoDate(14));
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/my\/letters\/[0-9a-f-]{36}$/);
    const dashboardUrl = page.url();

    const trustees = [
      { email: "organizer.trustee@personal.example", description: "One of the organizers" },
      { email: "legal@union.example", description: "Legal aid contact, Tech Workers Union" },
      { email: "desk@newsroom.example", description: "Security desk, The Newsroom" },
    ];
    await addTrusteesOnDraft(page, dashboardUrl, trustees, 2);
    checks.push(...(await checkPage(page, "trustees-invited")));

    // Not every trustee has a key yet: the letter cannot open.
    await page.goto(dashboardUrl);
    await page.getByLabel("I understand the text is frozen once open.").check();
    await page.getByRole("button", { name: "Open the letter" }).click();
    await page.getByRole("alert").first().waitFor();
    expect(await page.getByLabel("Private link to the letter").count()).toBe(0);

    for (const t of trustees) registered.push(await registerTrusteeInBrowser(app.url, t));

    await page.goto(`${dashboardUrl}/trustees`);
    for (const t of registered) expect(await page.textContent("body")).toContain(t.fingerprint);
    checks.push(...(await checkPage(page, "trustees-registered")));

    await page.goto(dashboardUrl);
    await page.getByLabel("I understand the text is frozen once open.").check();
    await page.getByRole("button", { name: "Open the letter" }).click();
    await page.getByLabel("Private link to the letter").waitFor();
    const shareUrl = await page.getByLabel("Private link to the letter").inputValue();

    // The letter's page names the trustees as the organizers described them, k of n, and each fingerprint.
    await page.goto(shareUrl);
    const letterPage = await page.textContent("body");
    for (const t of registered) {
      expect(letterPage).toContain(t.description);
      expect(letterPage).toContain(t.fingerprint);
    }
    expect(letterPage).toMatch(/2 of (these|the) 3 trustees/);
    checks.push(...(await checkPage(page, "letter-with-trustees")));
    expect(problems).toEqual([]);
    expect(organizer.requestsToOtherHosts(app.url)).toEqual([]);
    expect(checks).toEqual([]);
  });
});
