// The development mailbox page: only while no SMTP server is configured, only to
// requests made on this machine directly, and only in a browser that has opened
// the link the server printed when it started (with the mailbox key). The page
// shows every mail (work addresses, codes, reset links) the app has "sent".
//
// Why the key: a reverse proxy on the same host that adds no header (a plain
// `proxy_pass http://127.0.0.1:3000`) looks exactly like a local browser, so a
// deployment that forgot SMTP_URL and APP_URL would otherwise serve the mailbox
// to the internet. Only the person who started the server sees the key.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { type HeaderSource, readCookie, serializeCookie } from "~/auth/cookies.server";
import { config } from "~/config/env.server";
import { hashSecret, secretMatches } from "~/crypto/tokens.server";
import { localMailboxDir } from "./mailer.server";
import { readLocalMailbox } from "./transport.server";
import { absoluteUrl } from "~/lib/app-url.server";

export const MAILBOX_KEY_COOKIE = "mailbox-key";

export function localMailboxAvailable(context: Pick<AppLoadContext, "directLoopback">) {
  return config().mailTransport === "local-mailbox" && context.directLoopback;
}

/** Where the key lives: beside the secrets, owner-only, shared by the supervisor's processes. */
export function localMailboxKeyFile() {
  return path.resolve(config().DATA_DIR, "mailbox-key");
}

/** The mailbox key, made on first use (start-up makes it, so the printed link works). */
export function localMailboxKey() {
  const file = localMailboxKeyFile();
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const key = crypto.randomBytes(18).toString("base64url");
    try {
      // "wx": when two processes start at once, the first one's key stands.
      fs.writeFileSync(file, key, { mode: 0o600, flag: "wx" });
      return key;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

/** The link to print at start-up; null when the local mailbox is not in use. */
export function localMailboxLink() {
  if (config().mailTransport !== "local-mailbox") return null;
  return absoluteUrl(`/dev/mailbox?key=${localMailboxKey()}`);
}

const matches = (given: string | null) => {
  if (!given) return false;
  return secretMatches(given, hashSecret(localMailboxKey()));
};

/**
 * What this request may do: "open" (the browser holds the key), "unlock" (it brings
 * the key in the link: set the cookie and come back without it in the address bar),
 * or "locked" (the page says where the link is).
 */
export function mailboxAccess(request: HeaderSource & { url: string }) {
  if (matches(new URL(request.url).searchParams.get("key"))) return "unlock" as const;
  return matches(readCookie(request, MAILBOX_KEY_COOKIE)) ? ("open" as const) : ("locked" as const);
}

export function mailboxKeyCookie() {
  return serializeCookie(MAILBOX_KEY_COOKIE, localMailboxKey(), 30 * 24 * 60 * 60);
}

export function listLocalMail() {
  return readLocalMailbox(localMailboxDir(config()));
}
