import type { Page } from "playwright-core";
import { codeIn, readMail } from "./mailbox";

/**
 * A signer's whole flow through the forms, from the letter's private page (open in
 * `page`) to the receipt: work email, the code from the local mailbox, name and
 * public line. Returns the receipt link shown on the receipt page.
 */
export async function signThroughForms(page: Page, appUrl: string, signer: { email: string; name: string; publicLine: string }) {
  await page.getByRole("link", { name: "Sign this letter" }).first().click();
  await page.getByLabel("Your work email").fill(signer.email);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await page.getByLabel(/digit code from the email/).waitFor();
  const code = codeIn(await readMail(page.context(), appUrl, signer.email));
  await page.getByLabel(/digit code from the email/).fill(code);
  await page.getByRole("button", { name: "Check the code" }).click();
  await page.getByLabel("Your full name").fill(signer.name);
  await page.getByLabel("Public line (optional)").fill(signer.publicLine);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Sign the letter" }).click();
  await page.waitForURL(/\/receipt\//);
  return page.getByLabel("Your receipt link").inputValue();
}
