// Issue 15's journey in a real browser, through the pages only (mail through the
// local mailbox): an organizer gives a draft three trustees, two of whom must agree;
// the draft cannot open until every trustee has a key; each trustee's browser makes
// the key, downloads the key file and registers the public key (one checks the saved
// file in the page first, one arrives by a client-side navigation), and the server's
// fingerprint matches the browser's. The letter opens with threshold 5, showing its
// trustees; five signers sign, two with JavaScript off (the server seals) and three
// with it on (the browser seals); at the threshold the letter waits for its
// trustees, and no organizer page shows a name; after the first trustee's release
// still none does; after the second the organizer reads the five names, and the
// letter is published as usual, with them.
import fs from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";
import { signUpOrganizer } from "./support/organizer";
import { checkPage, closePageChecker } from "./support/page-checks";
import { signTrusteeLetter } from "./support/signer";
import { addTrusteesOnDraft, type BrowserTrustee, registerTrusteeInBrowser, releaseInBrowser } from "./support/trustees";

function isoDate(daysFromNow: number) {
  return new Date(Date.now() + daysFromNow * 24 * 60 * 60_000).toISOString().slice(0, 10);
}

const signers = [
  { email: "ottilie@example.com", name: "Ottilie Brandvold", publicLine: "Support", javaScript: false },
  { email: "casimir@example.com", name: "Casimir Oyelaran", publicLine: "Platform", javaScript: true },
  { email: "wilhelmina@example.com", name: "Wilhelmina Tsosie", publicLine: "Design", javaScript: true },
  { email: "bartholomew@example.com", name: "Bartholomew Nakagawa", publicLine: "Sales", javaScript: false },
  { email: "perpetua@example.com", name: "Perpetua Lindqvist", publicLine: "Research", javaScript: true },
];

/**
 * Every organizer page the dashboard links to (and the account's own), as HTML with
 * the data Remix inlines: none may hold a signer's name. And no export of the
 * signatories answers before publication.
 */
async function expectNoNameOnOrganizerPages(page: Page, appUrl: string, dashboardUrl: string) {
  await page.goto(dashboardUrl);
  const linked = await page
    .locator('a[href^="/my/"], a[href^="/account"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!.split("#")[0]!));
  const dashboardPath = new URL(dashboardUrl).pathname;
  const paths = new Set([dashboardPath, `${dashboardPath}/trustees`, `${dashboardPath}/review`, `${dashboardPath}/press`, ...linked]);
  expect(paths.size).toBeGreaterThanOrEqual(6);
  for (const path of paths) {
    const response = await page.goto(`${appUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    const html = await page.content();
    for (const s of signers) expect(html, `${s.name} on ${path}`).not.toContain(s.name);
  }
  for (const format of ["signatories.csv", "signatories.json", "letter.json"]) {
    expect((await fetch(`${appUrl}/letters/end-the-surveillance-contract/${format}`)).status).toBe(404);
  }
  return paths.size;
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

  test(
    "three trustees register (one checks the saved key file), five sign (two without JavaScript), the second release unseals, the letter is published",
    { timeout: 300_000 },
    async () => {
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
      // Revealed at the threshold, as this journey expects: no cooling-off period (decision 020).
      await page.getByLabel("Cooling-off period").selectOption("0");
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

      // The first downloads the key file and uploads it again in the page's check; the
      // third comes to their page by a client-side navigation, from another page of the app.
      registered.push(await registerTrusteeInBrowser(app.url, trustees[0]!, { checkKeyFile: true }));
      registered.push(await registerTrusteeInBrowser(app.url, trustees[1]!));
      registered.push(await registerTrusteeInBrowser(app.url, trustees[2]!, { arrival: "client-navigation" }));

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

      // Five sign, each in a browser of their own: the server seals for the two without
      // JavaScript, the browser for the three with it (no request carries their names).
      for (const s of signers) await signTrusteeLetter(app.url, shareUrl, s, { javaScript: s.javaScript });

      // The threshold is met: the letter waits for its trustees, and names stay sealed.
      await page.goto(shareUrl);
      await page.getByText("Threshold met — still sealed").waitFor();
      await page.goto(dashboardUrl);
      await page.getByRole("heading", { name: "Waiting for the trustees" }).waitFor();
      expect(await page.textContent("body")).toContain("0 of 2 needed have released");
      checks.push(...(await checkPage(page, "dashboard-awaiting-trustees")));
      const organizerPages = await expectNoNameOnOrganizerPages(page, app.url, dashboardUrl);
      process.stderr.write(`[trustee journey] ${organizerPages} organizer pages checked for names\n`);

      // The first trustee releases: still no name for the organizers.
      await releaseInBrowser(app.url, registered[0]!, { shares: signers.length, last: false });
      await page.goto(dashboardUrl);
      expect(await page.textContent("body")).toContain("1 of 2 needed have released");
      await expectNoNameOnOrganizerPages(page, app.url, dashboardUrl);

      // The second: the names are unsealed, and the organizers read all five.
      await releaseInBrowser(app.url, registered[1]!, { shares: signers.length, last: true });
      await page.goto(dashboardUrl);
      await page.getByRole("heading", { name: "Signatories" }).waitFor();
      const revealed = await page.textContent("body");
      for (const s of signers) expect(revealed).toContain(s.name);
      checks.push(...(await checkPage(page, "dashboard-revealed-by-trustees")));

      // Published as usual: the review, then the public page and its list.
      await page.goto(`${dashboardUrl}/review`);
      await page.getByRole("heading", { level: 1, name: "Check exactly what will be public" }).waitFor();
      expect(await page.textContent("body")).toContain("5 signatories each proved a work email at example.com");
      await page.getByRole("checkbox").check();
      await page.getByRole("button", { name: "Publish the letter" }).click();
      await page.waitForURL(/\/letters\/end-the-surveillance-contract$/);
      const publicPage = await page.textContent("body");
      for (const s of signers) expect(publicPage).toContain(s.name);
      checks.push(...(await checkPage(page, "public-letter-with-trustees")));
      const csv = await (await fetch(`${page.url()}/signatories.csv`)).text();
      for (const s of signers) expect(csv).toContain(s.name);

      expect(problems).toEqual([]);
      expect(organizer.requestsToOtherHosts(app.url)).toEqual([]);
      expect(checks).toEqual([]);
      // The server's own log never carried a signer's address or name.
      const serverLog = app.output().toLowerCase();
      for (const s of signers) {
        expect(serverLog).not.toContain(s.email);
        expect(serverLog).not.toContain(s.name.toLowerCase());
      }
    },
  );
});
