// The issue "every journey works for careful users", in one server and browsers
// with JavaScript OFF (Tor Browser's safest mode): the organizer signs up, drafts,
// opens, invites a co-organizer, reviews, makes press previews and publishes; signers
// verify, sign, read their receipt and withdraw; a journalist reads an embargoed
// preview; a reader reads the published letter and downloads its formats; a letter
// is cancelled and another expires. Every page, in every state it reaches (empty,
// with errors, sealed, revealed, published, expired, cancelled…), goes through
// `checkPage`: axe-core (no serious or critical violation), no sideways scroll at
// 360 px, and desktop and phone screenshots in test-results/screenshots/. Every
// request of every browser is recorded and must go to the app alone.
import path from "node:path";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser } from "./support/browser";
import { codeIn, linkIn, mailboxUrl, readMail } from "./support/mailbox";
import { checkPage, closePageChecker } from "./support/page-checks";
import { signThroughForms } from "./support/signer";

type Browser = Awaited<ReturnType<typeof openBrowser>>;

let app: AppServer;
let organizer: Browser;
let coOrganizer: Browser;
let signer: Browser;
let reader: Browser;
/** What the watched pages reported (console errors, failed requests, other hosts). */
const watchedPages: { problems: string[]; showsNotFound: boolean }[] = [];
const NOT_FOUND_LINE = "console.error: Failed to load resource: the server responded with a status of 404 (Not Found)";
/** What `checkPage` found, page by page: asserted at the end of each test. */
let checkProblems: string[] = [];

const ORGANIZER_EMAIL = `olive.${Date.now()}@personal.example`;
const CO_ORGANIZER_EMAIL = `cody.${Date.now()}@personal.example`;
const PASSWORD = "a long and private passphrase";

// Long words, a long URL and a table: what would widen a phone screen if anything could.
const BODY = [
  "We, the undersigned employees, ask you to **cancel** the contract.",
  "",
  "Read the public record at https://records.example.org/procurement/2018/contracts/HSCEMD-18-C-00012-modification-P00004-full-text-and-attachments before you answer.",
  "",
  "Pneumonoultramicroscopicsilicovolcanoconiosis-grade-jargon-should-still-wrap-on-a-phone.",
  "",
  "| Year | Contract | Value in US dollars | Agency and programme |",
  "| --- | --- | --- | --- |",
  "| 2018 | Azure Government cloud services for immigration enforcement | 19,400,000 | Immigration and Customs Enforcement |",
  "",
  "1. Cancel the contract.",
  "2. Publish a policy on the customers we will not build for.",
].join("\n");

function isoDate(daysFromNow: number) {
  return new Date(Date.now() + daysFromNow * 24 * 60 * 60_000).toISOString().slice(0, 10);
}

async function check(page: Page, label: string) {
  checkProblems.push(...(await checkPage(page, label)));
}

/** The id of the element that has focus (the server-rendered autofocus, with JavaScript off). */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** A field in error: marked invalid, its message linked to it and announced, and it has focus. */
async function expectFieldError(page: Page, label: string | RegExp, message: RegExp, { focused = true } = {}) {
  const field = page.getByLabel(label).first();
  expect(await field.getAttribute("aria-invalid")).toBe("true");
  const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
  const errorIds = describedBy.split(" ").filter(Boolean);
  const texts = await Promise.all(errorIds.map((id) => page.locator(`[id="${id}"]`).textContent()));
  expect(texts.join(" ")).toMatch(message);
  expect(await page.locator(`[role="alert"]`).count()).toBeGreaterThan(0);
  if (focused) expect(await focusedId(page)).toBe(await field.getAttribute("id"));
}

async function fillDraft(page: Page, title: string, body = BODY) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Addressed to").fill("Satya Nadella, CEO");
  await page.getByLabel("Organization").fill("Microsoft");
  await page.getByLabel("Work-email domains that may sign").fill("microsoft.com, github.com");
  await page.getByLabel("The letter").fill(body);
  await page.getByLabel("Note to signers (optional)").fill("Share this link only in person or over personal messaging.");
  await page.getByLabel("Reveal threshold").fill("5");
  await page.getByLabel("Deadline").fill(isoDate(14));
  // Revealed at the threshold, as this journey expects: no cooling-off period (decision 020).
  await page.getByLabel("Cooling-off period").selectOption("0");
}

/** Drafts and opens a letter; returns its dashboard and private link. */
async function openNewLetter(page: Page, title: string) {
  await page.goto(`${app.url}/my/letters/new`);
  await fillDraft(page, title, "We ask you to reconsider.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.waitForURL(/\/my\/letters\/[0-9a-f-]{36}$/);
  const dashboardUrl = page.url();
  await page.getByLabel("I understand the text is frozen once open.").check();
  await page.getByRole("button", { name: "Open the letter" }).click();
  await page.getByLabel("Private link to the letter").waitFor();
  return { dashboardUrl, shareUrl: await page.getByLabel("Private link to the letter").inputValue() };
}

/** One signer in the signer browser (a fresh start: no cookie left from the last one). Returns the receipt link. */
async function sign(page: Page, shareUrl: string, email: string, name: string, line: string) {
  await signer.context.clearCookies();
  await page.goto(shareUrl);
  return signThroughForms(page, app.url, { email, name, publicLine: line });
}

/** Moves an open letter's deadline into the past, as if its days had run out (the page then expires it). */
function backdateDeadline(letterId: string) {
  const file = path.join(app.dataDir, "app.db");
  const db = new Database(file);
  try {
    const row = db.prepare(`SELECT typeof(deadline) AS kind FROM "Letter" WHERE id = ?`).get(letterId) as { kind: string };
    const past = Date.now() - 2 * 24 * 60 * 60_000;
    db.prepare(`UPDATE "Letter" SET deadline = ? WHERE id = ?`).run(row.kind === "integer" ? past : new Date(past).toISOString(), letterId);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  app = await startAppServer();
  [organizer, coOrganizer, signer, reader] = [
    await openBrowser({ javaScriptEnabled: false }),
    await openBrowser({ javaScriptEnabled: false }),
    await openBrowser({ javaScriptEnabled: false }),
    await openBrowser({ javaScriptEnabled: false }),
  ];
  // Fail fast: every step here answers within a second or two.
  for (const browser of [organizer, coOrganizer, signer, reader]) browser.context.setDefaultTimeout(15_000);
});

afterAll(async () => {
  for (const browser of [organizer, coOrganizer, signer, reader]) await browser?.close();
  await closePageChecker();
  await app?.stop();
});

// Each step answers for its own pages only.
beforeEach(() => {
  checkProblems = [];
  watchedPages.length = 0;
});

/**
 * Pages opened through `watched` report console errors, failed requests and other
 * hosts. A page meant to show a 404 expects the browser's one "404" console line.
 */
async function watched(browser: Browser, { showsNotFound = false } = {}) {
  const { page, problems } = await newPage(browser.context, app.url);
  watchedPages.push({ problems, showsNotFound });

  return page;
}

function expectAllWell() {
  const found = checkProblems;
  checkProblems = [];
  expect(found).toEqual([]);
  const reported = watchedPages.flatMap(({ problems, showsNotFound }) => problems.filter((p) => !(showsNotFound && p === NOT_FOUND_LINE)));
  watchedPages.length = 0;
  expect(reported).toEqual([]);
  for (const browser of [organizer, coOrganizer, signer, reader]) expect(browser.requestsToOtherHosts(app.url)).toEqual([]);
}

// Shared between the steps below, in order.
let dashboardUrl = "";
let shareUrl = "";
const receipts: string[] = [];

describe("careful users, JavaScript off, every page checked", () => {
  test("organizer account pages: sign up, verify, sign out, sign in, forgotten password", { timeout: 180_000 }, async () => {
    const page = await watched(organizer);
    await page.goto(app.url);
    await check(page, "landing");
    const missing = await watched(organizer, { showsNotFound: true });
    expect((await missing.goto(`${app.url}/no-such-page`))?.status()).toBe(404);
    await check(missing, "not-found");
    await missing.close();
    await page.goto(mailboxUrl(app.url));
    await check(page, "mailbox-empty");

    await page.goto(`${app.url}/signup`);
    await check(page, "signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "Your personal email", /.+/);
    await check(page, "signup-errors");

    await page.getByLabel("Your personal email").fill(ORGANIZER_EMAIL);
    await page.getByLabel("Your name").fill("Olive Organizer");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/verify-email/);
    await check(page, "verify-email");
    await page.getByLabel(/digit code we sent/).fill("0000 0000");
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await page.getByRole("alert").first().waitFor();
    await check(page, "verify-email-errors");

    const code = codeIn(await readMail(organizer.context, app.url, ORGANIZER_EMAIL));
    await page.goto(mailboxUrl(app.url));
    await check(page, "mailbox");
    await page.goto(`${app.url}/verify-email`);
    await page.getByLabel(/digit code we sent/).fill(code);
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await page.waitForURL(/\/account/);
    await check(page, "account");
    await page.goto(`${app.url}/my/letters`);
    await page.getByText("You have no letters yet.").waitFor();
    await check(page, "my-letters-empty");
    await page.goto(`${app.url}/my/invitations`);
    await check(page, "invitations-empty");

    await page.getByRole("button", { name: "Sign out" }).first().click();
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/login`);
    await check(page, "login");
    await page.getByLabel("Your email").fill(ORGANIZER_EMAIL);
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("don't match an account").waitFor();
    await check(page, "login-errors");

    await page.goto(`${app.url}/forgot-password`);
    await check(page, "forgot-password");
    await page.getByLabel("Your email").fill(ORGANIZER_EMAIL);
    await page.getByRole("button", { name: "Send the link" }).click();
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await check(page, "forgot-password-sent");
    const link = linkIn(await readMail(organizer.context, app.url, ORGANIZER_EMAIL, { after: 1 }), app.url);
    await page.goto(link);
    await check(page, "reset-password");
    await page.getByLabel("New password").fill("short");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "New password", /.+/);
    await check(page, "reset-password-errors");

    // The link is unused: sign in with the old password.
    await page.goto(`${app.url}/login`);
    await page.getByLabel("Your email").fill(ORGANIZER_EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/account/);
    expectAllWell();
  });

  test("organizer drafts (with errors and a preview), opens, and invites a co-organizer", { timeout: 180_000 }, async () => {
    const page = await watched(organizer);
    await page.goto(`${app.url}/my/letters/new`);
    await check(page, "letter-new");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "Title", /.+/);
    await check(page, "letter-new-errors");

    await fillDraft(page, "Cancel the ICE contract");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Preview — not saved yet" }).waitFor();
    expect(await page.getByLabel("Title").inputValue()).toBe("Cancel the ICE contract");
    await check(page, "letter-new-preview");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/my\/letters\/[0-9a-f-]{36}$/);
    dashboardUrl = page.url();
    await check(page, "dashboard-draft");
    await page.goto(`${dashboardUrl}/edit`);
    await check(page, "letter-edit");

    await page.goto(dashboardUrl);
    await page.getByRole("button", { name: "Open the letter" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "I understand the text is frozen once open.", /Tick the box/);
    await check(page, "dashboard-open-errors");
    await page.getByLabel("I understand the text is frozen once open.").check();
    await page.getByRole("button", { name: "Open the letter" }).click();
    await page.getByLabel("Private link to the letter").waitFor();
    shareUrl = await page.getByLabel("Private link to the letter").inputValue();
    await check(page, "dashboard-sealed");
    await page.goto(`${dashboardUrl}/review`);
    await check(page, "review-sealed");
    await page.goto(`${dashboardUrl}/press`);
    await check(page, "press-sealed");

    await page.goto(`${dashboardUrl}/organizers`);
    await check(page, "organizers");
    await page.getByLabel("Their personal email").fill("not an address");
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "Their personal email", /email address/);
    await check(page, "organizers-errors");
    await page.getByLabel("Their personal email").fill(CO_ORGANIZER_EMAIL);
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await page.getByText("Invitation sent.").waitFor();
    await check(page, "organizers-invited");
    expectAllWell();
  });

  test("a co-organizer signs up and accepts the invitation", { timeout: 120_000 }, async () => {
    const page = await watched(coOrganizer);
    await page.goto(`${app.url}/signup`);
    await page.getByLabel("Your personal email").fill(CO_ORGANIZER_EMAIL);
    await page.getByLabel("Your name").fill("Cody Coorganizer");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/verify-email/);
    // The invitation mail came first; the code is the newest.
    const code = codeIn(await readMail(coOrganizer.context, app.url, CO_ORGANIZER_EMAIL, { after: 1 }));
    await page.getByLabel(/digit code we sent/).fill(code);
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await page.waitForURL(/\/account/);
    await page.goto(`${app.url}/my/letters`);
    await check(page, "my-letters-invited");
    await page.goto(`${app.url}/my/invitations`);
    await check(page, "invitations-waiting");
    await page.getByRole("button", { name: /^Accept/ }).click();
    await page.waitForURL(dashboardUrl);
    await page.getByRole("heading", { level: 1, name: "Cancel the ICE contract" }).waitFor();
    expectAllWell();
  });

  test("signers verify, sign, read the receipt and withdraw; the fifth reveals", { timeout: 240_000 }, async () => {
    const page = await watched(signer);
    await page.goto(shareUrl);
    await check(page, "letter-sealed");
    await page.getByRole("link", { name: "Sign this letter" }).first().click();
    await page.getByLabel("Your work email").waitFor();
    await check(page, "sign-email");
    await page.getByLabel("Your work email").fill("someone@gmail.com");
    await page.getByRole("button", { name: "Send me a code" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "Your work email", /microsoft\.com/);
    await check(page, "sign-email-errors");

    await page.getByLabel("Your work email").fill("ana@microsoft.com");
    await page.getByRole("button", { name: "Send me a code" }).click();
    await page.getByLabel(/digit code from the email/).waitFor();
    await check(page, "sign-code");
    await page.getByLabel(/digit code from the email/).fill("1234");
    await page.getByRole("button", { name: "Check the code" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, /digit code from the email/, /.+/);
    await check(page, "sign-code-errors");
    const code = codeIn(await readMail(signer.context, app.url, "ana@microsoft.com"));
    await page.getByLabel(/digit code from the email/).fill(code);
    await page.getByRole("button", { name: "Check the code" }).click();
    await page.getByLabel("Your full name").waitFor();
    await check(page, "sign-signature");
    await page.getByLabel("Public line (optional)").fill("Engineer, Azure");
    await page.getByRole("button", { name: "Sign the letter" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "Your full name", /.+/);
    expect(await page.getByLabel("Public line (optional)").inputValue()).toBe("Engineer, Azure");
    await check(page, "sign-signature-errors");
    await page.getByLabel("Your full name").fill("Ana Signer");
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Sign the letter" }).click();
    await page.waitForURL(/\/receipt\//);
    await check(page, "receipt-new");
    const anaReceipt = await page.getByLabel("Your receipt link").inputValue();

    await page.goto(anaReceipt);
    await check(page, "receipt-sealed");
    await page.getByRole("button", { name: "Withdraw my signature" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "Delete my signature. This cannot be undone.", /Tick the box/);
    await check(page, "receipt-withdraw-errors");
    await page.getByLabel("Delete my signature. This cannot be undone.").check();
    await page.getByRole("button", { name: "Withdraw my signature" }).click();
    await page.getByRole("heading", { name: "Your signature is withdrawn" }).waitFor();
    await check(page, "receipt-withdrawn");
    const gone = await watched(signer, { showsNotFound: true });
    expect((await gone.goto(anaReceipt))?.status()).toBe(404);
    await check(gone, "receipt-not-found");
    await gone.close();

    // Five signers; the fifth reaches the threshold. One tries to sign twice, and is
    // shown the very page a first signer is (decision 010: no "already signed" oracle).
    const people = ["ben", "cho", "dev", "eli", "fay"].map((n, i) => ({
      email: `${n}@${i % 2 ? "github.com" : "microsoft.com"}`,
      name: `${n.toUpperCase()} Signer`,
      line: `Engineer ${i + 1}`,
    }));
    for (const person of people.slice(0, 4)) receipts.push(await sign(page, shareUrl, person.email, person.name, person.line));

    await signer.context.clearCookies();
    await page.goto(`${shareUrl}/sign`);
    await page.getByLabel("Your work email").fill(people[0]!.email);
    await page.getByRole("button", { name: "Send me a code" }).click();
    await page
      .getByLabel(/digit code from the email/)
      .fill(codeIn(await readMail(signer.context, app.url, people[0]!.email, { after: 1 })));
    await page.getByRole("button", { name: "Check the code" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign the letter" }).waitFor();
    await page.getByText(/An address counts once/).waitFor();
    await check(page, "sign-verified-again");

    receipts.push(await sign(page, shareUrl, people[4]!.email, people[4]!.name, people[4]!.line));
    expect(await page.textContent("body")).toContain("FAY Signer");
    await check(page, "receipt-new-revealed");
    await page.goto(receipts[0]!);
    await page.getByText(/Revealed — your name is now visible/).waitFor();
    await check(page, "receipt-revealed");
    await page.goto(shareUrl);
    await check(page, "letter-revealed");
    expectAllWell();
  });

  test("organizer reviews, makes a press preview, publishes; readers download the formats", { timeout: 240_000 }, async () => {
    const page = await watched(organizer);
    await page.goto(dashboardUrl);
    await page.getByRole("heading", { name: "Signatories" }).waitFor();
    await check(page, "dashboard-revealed");

    await page.goto(`${dashboardUrl}/press`);
    await check(page, "press");
    await page.getByRole("button", { name: "Make a preview link" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, "Who it is for", /Say who the link is for/);
    await check(page, "press-errors");
    await page.getByLabel("Who it is for").fill("Jane Doe, The Example Times");
    await page.getByRole("button", { name: "Make a preview link" }).click();
    const previewUrl = await page.getByLabel("Copy this link now: it is shown only once").inputValue();
    await check(page, "press-preview-created");
    await page.getByLabel("Name", { exact: true }).fill("Jane Doe");
    await page.getByLabel("Outlet").fill("The Example Times");
    await page.getByLabel("Email", { exact: true }).fill("jane@press.example");
    await page.getByRole("button", { name: "Add to the press list" }).click();
    await page.getByRole("heading", { name: "Send to the press" }).waitFor();
    await page.getByLabel(/Jane Doe, The Example Times/).check();
    await page.getByLabel("Press contact line").fill("Press contact: Olive, olive@proton.example");
    await page.getByRole("button", { name: "Send preview links" }).click();
    await page.getByText(/on the way/).waitFor();
    await check(page, "press-sent");

    const journalist = await watched(reader);
    await journalist.goto(previewUrl);
    await journalist
      .getByText(/Embargoed until/)
      .first()
      .waitFor();
    await check(journalist, "press-preview");
    const revoked = await watched(reader);
    expect((await revoked.goto(`${app.url}/press/${"a".repeat(24)}.${"b".repeat(24)}`))?.status()).toBe(410);
    await check(revoked, "press-preview-gone");
    await revoked.close();

    await page.goto(`${dashboardUrl}/review`);
    await check(page, "review");
    await page.getByRole("button", { name: "Publish the letter" }).click();
    await page.getByRole("alert").first().waitFor();
    await expectFieldError(page, /I have read the letter and the list/, /.+/);
    await check(page, "review-errors");
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Publish the letter" }).click();
    await page.waitForURL(/\/letters\/cancel-the-ice-contract$/);
    const publicUrl = page.url();

    // The reader: the public page, and its formats downloaded by following the links.
    await journalist.goto(publicUrl);
    await check(journalist, "public-letter");
    // Following each link gets the file (shown in the browser, or saved: a download).
    const downloads: Download[] = [];
    journalist.on("download", (download) => downloads.push(download));
    for (const [link, type] of [
      ["The letter and its signatories (PDF)", "application/pdf"],
      ["Signatories (CSV)", "text/csv"],
      ["Signatories (JSON)", "application/json"],
      ["The whole record (JSON)", "application/json"],
    ] as const) {
      await journalist.goto(publicUrl);
      const href = new URL((await journalist.getByRole("link", { name: link }).getAttribute("href"))!, publicUrl).toString();
      const [response] = await Promise.all([journalist.waitForResponse(href), journalist.getByRole("link", { name: link }).click()]);
      expect(response.status(), link).toBe(200);
      expect(response.headers()["content-type"], link).toContain(type);
      if (response.headers()["content-disposition"]?.startsWith("attachment")) {
        await expect.poll(() => downloads.length, { timeout: 15_000 }).toBe(1);
        expect(fs.statSync(await downloads.pop()!.path()).size, link).toBeGreaterThan(100);
      } else {
        expect((await response.body()).length, link).toBeGreaterThan(100);
      }
    }
    await journalist.goto(publicUrl);
    const [feed] = await Promise.all([
      journalist.waitForResponse(`${app.url}/letters.atom`),
      journalist.getByRole("link", { name: "Feed of published letters" }).click(),
    ]);
    expect(await feed.text()).toContain("Cancel the ICE contract");
    // The preview link now leads to the public page.
    await journalist.goto(previewUrl);
    expect(journalist.url()).toBe(publicUrl);

    await page.goto(dashboardUrl);
    await check(page, "dashboard-published");
    await page.goto(`${dashboardUrl}/press`);
    await check(page, "press-published");
    await page.goto(`${dashboardUrl}/review`);
    await check(page, "review-published");

    const signerPage = await watched(signer);
    await signerPage.goto(receipts[0]!);
    await signerPage.getByText(/Published — with your name/).waitFor();
    await check(signerPage, "receipt-published");
    await signerPage.goto(shareUrl);
    await check(signerPage, "letter-published");
    await signerPage.goto(`${shareUrl}/sign`);
    await check(signerPage, "sign-closed");
    expectAllWell();
  });

  test("a cancelled letter and an expired one: nothing kept, and every page says so", { timeout: 240_000 }, async () => {
    const page = await watched(organizer);
    const signerPage = await watched(signer);

    const cancelled = await openNewLetter(page, "Stop the return-to-office mandate");
    const cancelledReceipt = await sign(signerPage, cancelled.shareUrl, "gus@microsoft.com", "GUS Signer", "Designer");
    await page.goto(cancelled.dashboardUrl);
    await page.getByRole("button", { name: /Cancel the letter/ }).click();
    await page.getByRole("alert").first().waitFor();
    await check(page, "dashboard-cancel-errors");
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: /Cancel the letter/ }).click();
    await page.getByText("Cancelled — nothing kept").first().waitFor();
    await check(page, "dashboard-cancelled");
    await signerPage.goto(cancelled.shareUrl);
    await check(signerPage, "letter-cancelled");
    // Nothing is kept: the receipt went with the signature, and says why it may be gone.
    const cancelledReceiptPage = await watched(signer, { showsNotFound: true });
    expect((await cancelledReceiptPage.goto(cancelledReceipt))?.status()).toBe(404);
    await cancelledReceiptPage.getByText(/cancelled it, nothing is kept/).waitFor();
    await check(cancelledReceiptPage, "receipt-cancelled");
    await cancelledReceiptPage.close();
    await signerPage.goto(`${cancelled.shareUrl}/sign`);
    await check(signerPage, "sign-closed-cancelled");

    const expired = await openNewLetter(page, "Bring back the four-day week");
    const expiredReceipt = await sign(signerPage, expired.shareUrl, "hal@github.com", "HAL Signer", "Support engineer");
    backdateDeadline(expired.dashboardUrl.split("/").pop()!);
    await signerPage.goto(expired.shareUrl);
    await signerPage.getByText("Expired — nothing kept").first().waitFor();
    await check(signerPage, "letter-expired");
    expect(await signerPage.textContent("body")).not.toContain("Support engineer");
    const expiredReceiptPage = await watched(signer, { showsNotFound: true });
    expect((await expiredReceiptPage.goto(expiredReceipt))?.status()).toBe(404);
    await check(expiredReceiptPage, "receipt-expired");
    await expiredReceiptPage.close();
    await signerPage.goto(`${expired.shareUrl}/sign`);
    await check(signerPage, "sign-closed-expired");
    await page.goto(expired.dashboardUrl);
    await page.getByText("Expired — nothing kept").first().waitFor();
    await check(page, "dashboard-expired");
    await page.goto(`${expired.dashboardUrl}/edit`);
    await check(page, "letter-edit-locked");
    await page.goto(`${expired.dashboardUrl}/organizers`);
    await check(page, "organizers-closed");

    await page.goto(`${app.url}/my/letters`);
    await check(page, "my-letters");
    expectAllWell();
  });
});
