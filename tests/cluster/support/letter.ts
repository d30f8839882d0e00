// An organizer's steps in a browser (through the cluster's proxy, or straight to one
// app process): a draft with the given threshold, opened; returns the dashboard and
// the private link to share.
import type { BrowserContext, Page } from "playwright-core";
import { newPage } from "../../e2e/support/browser";

function isoDate(daysFromNow: number) {
  return new Date(Date.now() + daysFromNow * 24 * 60 * 60_000).toISOString().slice(0, 10);
}

/** Fills the new-letter form (the page is on /my/letters/new) and presses "Save draft". */
export async function saveDraft(page: Page, { title, threshold }: { title: string; threshold: number }) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Addressed to").fill("The CEO");
  await page.getByLabel("Organization").fill("Microsoft");
  await page.getByLabel("Work-email domains that may sign").fill("microsoft.com");
  await page.getByLabel("The letter").fill("We ask you to stop.");
  await page.getByLabel("Reveal threshold").fill(String(threshold));
  await page.getByLabel("Deadline").fill(isoDate(14));
  // These tests are about the proxy and faults, not the cooling-off period (decision 020): none.
  await page.getByLabel("Cooling-off period").selectOption("0");
  await page.getByRole("button", { name: "Save draft" }).click();
}

export async function openLetter(context: BrowserContext, appUrl: string, { title, threshold }: { title: string; threshold: number }) {
  const { page, problems } = await newPage(context, appUrl);
  await page.goto(`${appUrl}/my/letters/new`);
  await saveDraft(page, { title, threshold });
  await page.waitForURL(/\/my\/letters\/[0-9a-f-]{36}$/);
  const dashboardUrl = page.url();
  await page.getByLabel("I understand the text is frozen once open.").check();
  await page.getByRole("button", { name: "Open the letter" }).click();
  await page.getByLabel("Private link to the letter").waitFor();
  const shareUrl = await page.getByLabel("Private link to the letter").inputValue();
  return { page, problems, dashboardUrl, shareUrl, letterId: dashboardUrl.split("/").pop()! };
}
