import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";

// The mailbox opens only in a browser that followed the link the server printed
// (decision 011): the tests read the key where the server keeps it, in DATA_DIR.
const dataDirs = new Map<string, string>();

/** startAppServer calls this for every server it starts. */
export function rememberDataDir(appUrl: string, dataDir: string) {
  dataDirs.set(appUrl, dataDir);
}

// Servers that send real mail (the cluster: SMTP_URL) are read from what the SMTP
// server received instead of the local mailbox page.
const smtpInboxes = new Map<string, { to: string[]; raw: string }[]>();

/** Mail of the server at appUrl is read from this SMTP server's received list. */
export function rememberSmtpInbox(appUrl: string, received: { to: string[]; raw: string }[]) {
  smtpInboxes.set(appUrl, received);
}

/** Quoted-printable soft breaks and escapes undone, so a code or link is found whole. */
function decodedBody(raw: string) {
  const body = raw.slice(raw.search(/\r?\n\r?\n/));
  return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

async function readSmtpMail(received: { to: string[]; raw: string }[], to: string, after: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = received.filter((m) => m.to.includes(to.toLowerCase()) || m.to.includes(to));
    if (mine.length > after) return decodedBody(mine.at(-1)!.raw);
    if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The key of the local mailbox of the server at appUrl. */
export function mailboxKey(appUrl: string) {
  const dataDir = dataDirs.get(appUrl);
  if (!dataDir) throw new Error(`no server started at ${appUrl}`);
  return fs.readFileSync(path.join(dataDir, "mailbox-key"), "utf8").trim();
}

/** The link the server printed: it leads to /dev/mailbox with the key kept in a cookie. */
export function mailboxUrl(appUrl: string) {
  return `${appUrl}/dev/mailbox?key=${mailboxKey(appUrl)}`;
}

/**
 * Reads the newest mail to `to` from the app's local mailbox page (/dev/mailbox),
 * as a newcomer would, waiting for the worker to deliver it.
 */
export async function readMail(context: BrowserContext, appUrl: string, to: string, { after = 0, timeoutMs = 20_000 } = {}) {
  const inbox = smtpInboxes.get(appUrl);
  if (inbox) return readSmtpMail(inbox, to, after, timeoutMs);
  const page = await context.newPage();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await page.goto(mailboxUrl(appUrl));
      const messages = await page
        .locator("article")
        .evaluateAll((articles) =>
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
