import type { BrowserContext } from "playwright-core";

/**
 * Reads the newest mail to `to` from the app's local mailbox page (/dev/mailbox),
 * as a newcomer would, waiting for the worker to deliver it.
 */
export async function readMail(context: BrowserContext, appUrl: string, to: string, { after = 0, timeoutMs = 20_000 } = {}) {
  const page = await context.newPage();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await page.goto(`${appUrl}/dev/mailbox`);
      const messages = await page.locator("article").evaluateAll((articles) =>
        articles.map((a) => ({ header: a.querySelector("p")?.textContent ?? "", body: a.querySelector("pre")?.textContent ?? "" })),
      );
      const mine = messages.filter((m) => m.header.includes(to));
      // Newest first on the page: skip the `after` newest ones already read.
      if (mine.length > after) return mine[0]!.body;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
      await page.waitForTimeout(500);
    }
  } finally {
    await page.close();
  }
}

export function codeIn(text: string) {
  const match = /(\d{4}) (\d{4})/.exec(text);
  if (!match) throw new Error(`no code in: ${text}`);
  return `${match[1]}${match[2]}`;
}

export function linkIn(text: string, appUrl: string) {
  const match = new RegExp(`${appUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\S+`).exec(text);
  if (!match) throw new Error(`no link in: ${text}`);
  return match[0];
}
