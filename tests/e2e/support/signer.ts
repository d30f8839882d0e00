import type { Page } from "playwright-core";
import { expect } from "vitest";
import { newPage, openBrowser } from "./browser";
import { codeIn, readMail } from "./mailbox";

/**
 * A signer's whole flow through the forms, from the letter's private page (open in
 * `page`) to the receipt: work email, the code from the local mailbox, name and
 * public line. Returns the receipt link shown on the receipt page. `beforeSigning`
 * runs on the filled signature form, before the click (e.g. to wait until the
 * browser is ready to seal the name itself).
 */
export async function signThroughForms(
  page: Page,
  appUrl: string,
  signer: { email: string; name: string; publicLine: string },
  { beforeSigning }: { beforeSigning?: (page: Page) => Promise<void> } = {},
) {
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
  await beforeSigning?.(page);
  await page.getByRole("button", { name: "Sign the letter" }).click();
  await page.waitForURL(/\/receipt\//);
  return page.getByLabel("Your receipt link").inputValue();
}

/**
 * One signer of a letter with trustees (issue 15), in a browser of their own: with
 * JavaScript on, the page must say the browser seals, and no request may carry the
 * name; without it, the server seals. Either way the receipt says the name is sealed
 * for the trustees, and how. Returns the receipt link.
 */
export async function signTrusteeLetter(
  appUrl: string,
  shareUrl: string,
  signer: { email: string; name: string; publicLine: string },
  { javaScript }: { javaScript: boolean },
) {
  const browser = await openBrowser({ javaScriptEnabled: javaScript });
  try {
    const { page, problems } = await newPage(browser.context, appUrl);
    const posted: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posted.push(`${request.url()}\n${request.postData() ?? ""}`);
    });
    await page.goto(shareUrl);
    const receipt = await signThroughForms(page, appUrl, signer, {
      // Hydrated, with the sealing code loaded: the click seals in this browser.
      beforeSigning: javaScript
        ? async (form) => {
            await form.locator('[data-sealing="browser"]').waitFor();
            await form.waitForFunction(() => "UndersignedCrypto" in window);
          }
        : undefined,
    });
    const signing = posted.filter((body) => /(^|&|\n)intent=sign(&|$)/m.test(body));
    expect(signing).toHaveLength(1);
    if (javaScript) {
      expect(signing[0]).toContain("sealedIdentity=");
      const forms = [signer.name, encodeURIComponent(signer.name), signer.name.replace(/ /g, "+"), signer.name.split(" ")[1]!];
      for (const body of posted) for (const form of forms) expect(body).not.toContain(form);
    } else {
      expect(signing[0]).not.toContain("sealedIdentity=");
    }
    const text = await page.textContent("body");
    expect(text).toContain("Your name is sealed for the letter’s trustees: nobody can read it until");
    expect(text).toContain("It was sealed before it was stored");
    expect(problems).toEqual([]);
    expect(browser.requestsToOtherHosts(appUrl)).toEqual([]);
    return receipt;
  } finally {
    await browser.close();
  }
}
