// Issue 4's journey in a real browser: an organizer drafts and opens a letter with
// threshold 5; signers verify through the local mailbox and sign; until the fifth
// signature every page says "fewer than 5" and no name is visible; one signer
// withdraws through the receipt; at the fifth remaining signature the organizer
// sees the five names. Signers run with JavaScript off on SQLite (Tor Browser's
// safest mode) and with it on against PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";
import { signUpOrganizer } from "./support/organizer";
import { checkPage, closePageChecker } from "./support/page-checks";
import { signThroughForms } from "./support/signer";
import { freshPostgresDatabase } from "./support/postgres";

const variants = [
  { name: "SQLite, signers without JavaScript", database: "sqlite", signerJavaScript: false },
  { name: "PostgreSQL, signers with JavaScript", database: "postgres", signerJavaScript: true },
] as const;

function isoDate(daysFromNow: number) {
  return new Date(Date.now() + daysFromNow * 24 * 60 * 60_000).toISOString().slice(0, 10);
}

describe.each(variants)("letter journey ($name)", ({ database, signerJavaScript }) => {
  let app: AppServer;
  let organizer: Awaited<ReturnType<typeof openBrowser>>;
  let dropDatabase = async () => {};
  /** What the page checks found (axe-core, 360 px, screenshots): asserted at the end. */
  const checks: string[] = [];

  beforeAll(async () => {
    const env: Record<string, string> = {};
    if (database === "postgres") {
      const pg = await freshPostgresDatabase();
      env.DATABASE_URL = pg.url;
      dropDatabase = pg.drop;
    }
    app = await startAppServer(env);
    organizer = await openBrowser();
  });
  afterAll(async () => {
    await organizer?.close();
    await closePageChecker();
    await app?.stop();
    await dropDatabase();
  });

  /** One signer, in a browser of their own: returns their receipt link. */
  async function sign(shareUrl: string, email: string, name: string, publicLine: string, { reveals = false, check = "", team = "" } = {}) {
    const browser = await openBrowser({ javaScriptEnabled: signerJavaScript });
    try {
      const { page, problems } = await newPage(browser.context, app.url);
      await page.goto(shareUrl);
      expect(await page.getByText("fewer than 5").count()).toBeGreaterThan(0);
      // A team is picked from the letter's list (decision 018), with JavaScript or without.
      const pickTeam = team
        ? async (form: typeof page) => void (await form.getByLabel("Your team (optional)").selectOption({ label: team }))
        : undefined;
      const receipt = await signThroughForms(page, app.url, { email, name, publicLine }, { beforeSigning: pickTeam });
      if (check) checks.push(...(await checkPage(page, check)));
      // Sealed until the threshold; the signature that reaches it shows the signer their own name.
      if (reveals) expect(await page.textContent("body")).toContain(name);
      else expect(await page.textContent("body")).not.toContain(name);
      expect(problems).toEqual([]);
      expect(browser.requestsToOtherHosts(app.url)).toEqual([]);
      return receipt;
    } finally {
      await browser.close();
    }
  }

  test("draft, open, five signers (one withdraws), reveal, preview, publish", { timeout: 300_000 }, async () => {
    await signUpOrganizer(organizer.context, app.url);
    const { page, problems } = await newPage(organizer.context, app.url);

    await page.goto(`${app.url}/my/letters/new`);
    await page.getByLabel("Title").fill("Cancel the ICE contract");
    await page.getByLabel("Addressed to").fill("Satya Nadella, CEO");
    await page.getByLabel("Organization").fill("Microsoft");
    await page.getByLabel("Work-email domains that may sign").fill("microsoft.com, github.com");
    await page.getByLabel("The letter").fill("We, the undersigned, ask you to **cancel** the contract.\n\n<script>alert(1)</script>");
    await page.getByLabel("Reveal threshold").fill("5");
    await page.getByLabel("Deadline").fill(isoDate(14));
    // Revealed at the threshold, as this journey expects: no cooling-off period (decision 020).
    await page.getByLabel("Cooling-off period").selectOption("0");
    await page.getByLabel("Teams (optional)").fill("Azure\nResearch");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/my\/letters\/[0-9a-f-]{36}$/);
    const dashboardUrl = page.url();

    await page.getByLabel("I understand the text is frozen once open.").check();
    await page.getByRole("button", { name: "Open the letter" }).click();
    await page.getByLabel("Private link to the letter").waitFor();
    const shareUrl = await page.getByLabel("Private link to the letter").inputValue();
    expect(shareUrl).toMatch(/\/l\/[a-z2-7]{26}$/);
    checks.push(...(await checkPage(page, `dashboard-open-${database}`)));

    const signers = ["ana", "ben", "cho", "dev", "eli", "fay"].map((n, i) => ({
      email: `${n}@${i % 2 ? "github.com" : "microsoft.com"}`,
      name: `${n.toUpperCase()} Signer`,
      line: `Engineer ${i + 1}`,
    }));
    const receipts: string[] = [];
    for (const [i, s] of signers.slice(0, 4).entries()) {
      receipts.push(
        await sign(shareUrl, s.email, s.name, s.line, { check: i === 0 ? `receipt-new-${database}` : "", team: i === 0 ? "Research" : "" }),
      );
      await page.goto(dashboardUrl);
      expect(await page.getByText("fewer than 5").count()).toBeGreaterThan(0);
      const text = await page.textContent("body");
      for (const other of signers) expect(text).not.toContain(other.name);
      expect(text).not.toMatch(new RegExp(`\\b${i + 1} of 5\\b`));
    }

    // Ben withdraws through his receipt before the threshold.
    const withdraw = await openBrowser({ javaScriptEnabled: signerJavaScript });
    const { page: receiptPage } = await newPage(withdraw.context, app.url);
    await receiptPage.goto(receipts[1]!);
    await receiptPage.getByLabel("Delete my signature. This cannot be undone.").check();
    await receiptPage.getByRole("button", { name: "Withdraw my signature" }).click();
    await receiptPage.getByRole("heading", { name: "Your signature is withdrawn" }).waitFor();
    expect((await receiptPage.goto(receipts[1]!))?.status()).toBe(404);
    await withdraw.close();

    // Three remain; two more bring it to five, and the fifth reveals.
    await sign(shareUrl, signers[4]!.email, signers[4]!.name, signers[4]!.line);
    await page.goto(dashboardUrl);
    expect(await page.textContent("body")).not.toContain("ELI Signer");
    await sign(shareUrl, signers[5]!.email, signers[5]!.name, signers[5]!.line, { reveals: true });

    await page.goto(dashboardUrl);
    await page.getByRole("heading", { name: "Signatories" }).waitFor();
    const revealed = await page.textContent("body");
    for (const s of [signers[0]!, signers[2]!, signers[3]!, signers[4]!, signers[5]!]) expect(revealed).toContain(s.name);
    expect(revealed).not.toContain("BEN Signer");
    // The <script> typed into the body is shown as text, never run as a script element.
    expect(await page.locator("script:not([nonce])").count()).toBe(0);
    checks.push(...(await checkPage(page, `dashboard-revealed-${database}`)));

    // A signer's receipt now shows their own unsealed name.
    const signerBrowser = await openBrowser({ javaScriptEnabled: signerJavaScript });
    const { page: own } = await newPage(signerBrowser.context, app.url);
    await own.goto(receipts[0]!);
    expect(await own.textContent("body")).toContain("ANA Signer");
    await signerBrowser.close();
    expect(problems).toEqual([]);

    // Issue 5: review, an embargoed preview opened in a fresh browser, publication,
    // and the public page, its formats and the feed — while drafts stay hidden.
    await page.goto(`${dashboardUrl}/review`);
    await page.getByRole("heading", { level: 1, name: "Check exactly what will be public" }).waitFor();
    const review = await page.textContent("body");
    expect(review).toContain("5 signatories each proved a work email at microsoft.com or github.com");
    expect(review).not.toContain("BEN Signer");

    await page.goto(`${dashboardUrl}/press`);
    await page.getByLabel("Who it is for").fill("Jane Doe, The Example Times");
    await page.getByRole("button", { name: "Make a preview link" }).click();
    const previewUrl = await page.getByLabel("Copy this link now: it is shown only once").inputValue();
    expect(previewUrl).toMatch(/\/press\/[a-z2-9]{24}\.[a-z2-9]{24}$/);
    const journalist = await openBrowser();
    const { page: preview, problems: previewProblems } = await newPage(journalist.context, app.url);
    const previewResponse = await preview.goto(previewUrl);
    expect(previewResponse?.headers()["x-robots-tag"]).toContain("noindex");
    expect(await preview.textContent("body")).toMatch(/Embargoed until/);
    expect(await preview.textContent("body")).toContain("ANA Signer");
    expect(await preview.title()).not.toContain(previewUrl.split("/").pop()!);
    checks.push(...(await checkPage(preview, `press-preview-${database}`)));
    expect(previewProblems).toEqual([]);

    await page.goto(`${dashboardUrl}/review`);
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Publish the letter" }).click();
    await page.waitForURL(/\/letters\/cancel-the-ice-contract$/);
    const publicUrl = page.url();
    const publicPage = await page.textContent("body");
    for (const s of [signers[0]!, signers[2]!, signers[3]!, signers[4]!, signers[5]!]) expect(publicPage).toContain(s.name);
    checks.push(...(await checkPage(page, `public-letter-${database}`)));

    // The preview now leads to the public page; the formats and the feed answer.
    await preview.goto(previewUrl);
    expect(preview.url()).toBe(publicUrl);
    await journalist.close();
    const pdf = await fetch(`${publicUrl}/letter.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const csv = await (await fetch(`${publicUrl}/signatories.csv`)).text();
    expect(csv.split(/\r?\n/)[0]).toBe("name,title,public_line,team");
    expect(csv).toContain("ANA Signer");
    expect(csv).toMatch(/^ANA Signer,[^\r\n]*,Research\r$/m);
    const feed = await (await fetch(`${app.url}/letters.atom`)).text();
    expect(feed).toContain("Cancel the ICE contract");
    const etag = (await fetch(publicUrl)).headers.get("etag")!;
    expect((await fetch(publicUrl, { headers: { "If-None-Match": etag } })).status).toBe(304);

    // A draft stays hidden from the public.
    await page.goto(`${app.url}/my/letters/new`);
    await page.getByLabel("Title").fill("Secret draft letter");
    await page.getByLabel("Addressed to").fill("Someone");
    await page.getByLabel("Organization").fill("Microsoft");
    await page.getByLabel("Work-email domains that may sign").fill("microsoft.com");
    await page.getByLabel("The letter").fill("Not yet.");
    await page.getByLabel("Reveal threshold").fill("5");
    await page.getByLabel("Deadline").fill(isoDate(14));
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/my\/letters\/[0-9a-f-]{36}$/);
    expect((await fetch(`${app.url}/letters/secret-draft-letter`)).status).toBe(404);
    expect((await fetch(`${app.url}/letters/secret-draft-letter/letter.pdf`)).status).toBe(404);
    expect(await (await fetch(`${app.url}/letters.atom`)).text()).not.toContain("Secret draft letter");

    expect(checks).toEqual([]);
    expect(organizer.requestsToOtherHosts(app.url)).toEqual([]);

    // The server's own log never carried a signer's address or name.
    const serverLog = app.output().toLowerCase();
    for (const s of signers) {
      expect(serverLog).not.toContain(s.email);
      expect(serverLog).not.toContain(s.name.toLowerCase());
    }
  });
});
