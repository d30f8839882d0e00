// Trustees in a real browser (issue 15): the organizer names them on the draft's
// trustees page, and each opens the invitation from the local mailbox, where their
// browser makes the key, the key file is downloaded, and the public key registered.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { newPage, openBrowser } from "./browser";
import { linkIn, readMail } from "./mailbox";
import { checkPage } from "./page-checks";

export const TRUSTEE_PASSPHRASE = "a long passphrase for the key file";

export type BrowserTrustee = { email: string; description: string; link: string; keyFile: string; fingerprint: string };

/** On the draft's trustees page: adds each trustee and sets k. */
export async function addTrusteesOnDraft(page: Page, dashboardUrl: string, trustees: { email: string; description: string }[], k: number) {
  await page.goto(`${dashboardUrl}/trustees`);
  for (const t of trustees) {
    await page.getByLabel("How signers will see them").fill(t.description);
    await page.getByLabel("Their email").fill(t.email);
    await page.getByRole("button", { name: "Add and send the invitation" }).click();
    await page.getByText(t.description).first().waitFor();
  }
  await page.getByLabel("Trustees needed to unseal").fill(String(k));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText(`${k} of the ${trustees.length} trustees must each use their key`).waitFor();
}

type Arrival = "link" | "client-navigation";

/**
 * Opens the trustee's page: by the link (a full page load), or, with "client-navigation",
 * from another page of the app through Remix's router, as a trustee who had the app
 * open would (only the server's HTML runs a page's own <script>: the page must load
 * its crypto code itself then). The document must not have been reloaded.
 */
async function openTrusteePage(page: Page, appUrl: string, link: string, arrival: Arrival) {
  if (arrival === "link") {
    await page.goto(link);
    return;
  }
  await page.goto(`${appUrl}/`);
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const path = new URL(link).pathname;
  await page.evaluate(
    (to) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(to),
    path,
  );
  await page.getByRole("heading", { level: 1, name: "You are asked to be a trustee" }).waitFor();
  expect(await page.evaluate(() => "sameDocument" in window), "a client-side navigation").toBe(true);
}

/** Every request the page makes, with its body: to show what never left the browser. */
function recordRequests(page: Page) {
  const sent: string[] = [];
  page.on("request", (request) => sent.push(`${request.method()} ${request.url()}\n${request.postData() ?? ""}`));
  return sent;
}

/**
 * The optional check before registering (key-form's "Check your saved key file"): the
 * downloaded file is chosen again, first with a mistyped passphrase, then with the
 * right one; the page says which opens, and no request carries the file or the passphrase.
 */
async function checkSavedKeyFile(page: Page, keyFile: string, fingerprint: string, sent: string[]) {
  const typo = `${TRUSTEE_PASSPHRASE}!`;
  const check = async (passphrase: string) => {
    await page.getByLabel("The key file you saved").setInputFiles(keyFile);
    await page.getByLabel("Your passphrase").fill(passphrase);
    await page.getByRole("button", { name: "Check my key file" }).click();
  };
  await check(typo);
  await page.getByRole("alert").getByText("The passphrase does not open this key file").waitFor({ timeout: 60_000 });
  await check(TRUSTEE_PASSPHRASE);
  const opened = page.getByRole("status").filter({ hasText: "Your key file opens with this passphrase" });
  await opened.waitFor({ timeout: 60_000 });
  expect(await opened.textContent()).toContain(fingerprint);
  // The field is emptied once checked.
  expect(await page.getByLabel("Your passphrase").inputValue()).toBe("");
  expect(await checkPage(page, "trustee-key-file-checked")).toEqual([]);
  const file = JSON.parse(fs.readFileSync(keyFile, "utf8")) as { sealedPrivateKey: string };
  const everything = sent.join("\n");
  for (const secret of [file.sealedPrivateKey, encodeURIComponent(file.sealedPrivateKey), TRUSTEE_PASSPHRASE, typo])
    expect(everything).not.toContain(secret);
  for (const form of [TRUSTEE_PASSPHRASE.replace(/ /g, "+"), encodeURIComponent(TRUSTEE_PASSPHRASE)])
    expect(everything).not.toContain(form);
}

/**
 * One trustee, in a browser of their own with JavaScript on: follows the invitation,
 * makes the key, downloads the key file (kept in a temporary folder for the release)
 * and registers the key; the server's fingerprint must match the browser's. With
 * `checkKeyFile`, the downloaded file is uploaded again in the page's check first.
 */
export async function registerTrusteeInBrowser(
  appUrl: string,
  trustee: { email: string; description: string },
  { checkKeyFile = false, arrival = "link" as Arrival } = {},
): Promise<BrowserTrustee> {
  const browser = await openBrowser();
  try {
    const link = linkIn(await readMail(browser.context, appUrl, trustee.email), appUrl);
    const { page, problems } = await newPage(browser.context, appUrl);
    const sent = recordRequests(page);
    await openTrusteePage(page, appUrl, link, arrival);
    await page.getByLabel("Passphrase", { exact: true }).fill(TRUSTEE_PASSPHRASE);
    await page.getByLabel("The same passphrase again").fill(TRUSTEE_PASSPHRASE);
    await page.getByRole("button", { name: "Create my key" }).click();
    const downloadLink = page.getByRole("link", { name: "Download your key file" });
    await downloadLink.waitFor({ timeout: 60_000 });
    const fingerprint = (await page.locator("code").first().textContent())!.trim();
    const [download] = await Promise.all([page.waitForEvent("download"), downloadLink.click()]);
    const keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trustee-key-")), download.suggestedFilename());
    await download.saveAs(keyFile);
    expect(JSON.parse(fs.readFileSync(keyFile, "utf8")).fingerprint).toBe(fingerprint);
    if (checkKeyFile) await checkSavedKeyFile(page, keyFile, fingerprint, sent);
    await page.getByLabel("I saved the key file, and I will remember the passphrase.").check();
    await page.getByRole("button", { name: "Register my key" }).click();
    await page.waitForURL(/registered=1/);
    expect(await page.textContent("body")).toContain(fingerprint);
    expect(problems).toEqual([]);
    expect(browser.requestsToOtherHosts(appUrl)).toEqual([]);
    return { ...trustee, link, keyFile, fingerprint };
  } finally {
    await browser.close();
  }
}

/**
 * One trustee's release at the threshold, in a browser of their own: the link from
 * the mail that called them (the invitation's link was replaced then), the key file
 * and the passphrase in the page, the fingerprint matched with the registered one,
 * then every share opened and sent. `last`: this release is the k-th, and the page
 * must then say the names are out. Neither the key file nor the passphrase may be
 * in any request.
 */
export async function releaseInBrowser(appUrl: string, trustee: BrowserTrustee, { shares, last }: { shares: number; last: boolean }) {
  const browser = await openBrowser();
  try {
    // The second mail to the trustee: the call at the threshold (the job runs every few seconds).
    const link = linkIn(await readMail(browser.context, appUrl, trustee.email, { after: 1, timeoutMs: 60_000 }), appUrl);
    expect(link).not.toBe(trustee.link);
    const { page, problems } = await newPage(browser.context, appUrl);
    const sent = recordRequests(page);
    await page.goto(link);
    await page.getByRole("heading", { name: "The threshold is met: your release" }).waitFor();
    await page.getByLabel("Key file").setInputFiles(trustee.keyFile);
    await page.getByLabel("Passphrase", { exact: true }).fill(TRUSTEE_PASSPHRASE);
    await page.getByRole("button", { name: "Open my key" }).click();
    await page.getByText("It is the one registered for you").waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: `Open and release my ${shares} shares` }).click();
    if (last) await page.getByRole("heading", { name: "The names are out" }).waitFor({ timeout: 60_000 });
    else await page.getByText("You released your shares.").waitFor({ timeout: 60_000 });
    expect(await checkPage(page, last ? "trustee-released-names-out" : "trustee-released-first")).toEqual([]);
    const file = JSON.parse(fs.readFileSync(trustee.keyFile, "utf8")) as { sealedPrivateKey: string };
    const everything = sent.join("\n");
    for (const secret of [
      file.sealedPrivateKey,
      TRUSTEE_PASSPHRASE,
      TRUSTEE_PASSPHRASE.replace(/ /g, "+"),
      encodeURIComponent(TRUSTEE_PASSPHRASE),
    ])
      expect(everything).not.toContain(secret);
    expect(problems).toEqual([]);
    expect(browser.requestsToOtherHosts(appUrl)).toEqual([]);
  } finally {
    await browser.close();
  }
}
