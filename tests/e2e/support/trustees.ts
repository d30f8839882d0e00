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

/**
 * One trustee, in a browser of their own with JavaScript on: follows the invitation,
 * makes the key, downloads the key file (kept in a temporary folder for the release)
 * and registers the key; the server's fingerprint must match the browser's.
 */
export async function registerTrusteeInBrowser(appUrl: string, trustee: { email: string; description: string }): Promise<BrowserTrustee> {
  const browser = await openBrowser();
  try {
    const link = linkIn(await readMail(browser.context, appUrl, trustee.email), appUrl);
    const { page, problems } = await newPage(browser.context, appUrl);
    await page.goto(link);
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
