import type { BrowserContext } from "playwright-core";
import { codeIn, readMail } from "./mailbox";

/** Signs up a new organizer through the pages and leaves the context signed in. */
export async function signUpOrganizer(context: BrowserContext, appUrl: string, email = `organizer.${Date.now()}@personal.example`) {
  const page = await context.newPage();
  await page.goto(`${appUrl}/signup`);
  await page.getByLabel("Your personal email").fill(email);
  await page.getByLabel("Your name").fill("Olive Organizer");
  await page.getByLabel("Password").fill("a long and private passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/verify-email/);
  const code = codeIn(await readMail(context, appUrl, email));
  await page.getByLabel(/digit code we sent/).fill(code);
  await page.getByRole("button", { name: "Verify and continue" }).click();
  await page.waitForURL(/\/account/);
  return { page, email };
}
