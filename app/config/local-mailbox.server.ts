// The local mailbox (/dev/mailbox) shows every code and password-reset link the app
// "sends". It exists so that `npm ci && npm start` works on a laptop with no mail
// server; it must never be what a public deployment falls into (decision 011).
// Two locks: start-up refuses a non-loopback HOST or APP_URL without SMTP_URL, and
// the page answers only a request that is provably from this machine, to this
// machine's name (a rebound DNS name or a proxy in front fails the check).
import net from "node:net";
import { LOOPBACK } from "./trusted-proxies.server";

/** localhost, 127.0.0.0/8 and ::1, as a listening HOST or a URL's hostname ("[::1]"). */
export function isLoopbackHostname(name: string) {
  const bare = name
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (bare === "localhost") return true;
  if (net.isIPv4(bare)) return bare.startsWith("127.");
  if (net.isIPv6(bare)) return isLoopbackAddress(bare);
  return false;
}

/** A socket's peer address on this machine's loopback (IPv4-mapped forms included). */
export function isLoopbackAddress(address: string | undefined) {
  return address !== undefined && LOOPBACK.matches(address);
}

/** Why the local mailbox may not be used with these settings; null when it may. */
export function localMailboxRefusal({ host, appUrl }: { host: string; appUrl: string }) {
  const problems: string[] = [];
  if (!isLoopbackHostname(host)) problems.push(`HOST is ${host}, which other machines can reach`);
  if (!isLoopbackHostname(new URL(appUrl).hostname)) problems.push(`APP_URL is ${appUrl}, not this machine`);
  if (problems.length === 0) return null;
  return [
    `Invalid environment:\n  SMTP_URL: required when the app is reachable from other machines (${problems.join("; ")}).`,
    "  Without SMTP_URL, mail (sign-in codes, password-reset links) goes to a local mailbox page meant only for",
    "  trying Undersigned on your own machine. Set SMTP_URL=smtps://user:pass@mail.example:465 (or smtp://…:587),",
    "  or, for a local trial, leave HOST=localhost and APP_URL unset (or http://localhost:PORT).",
  ].join("\n");
}

export type LocalRequest = {
  /** The TCP peer (req.socket.remoteAddress), never a forwarded header. */
  socketAddress: string | undefined;
  headers: Record<string, string | string[] | undefined>;
};

/**
 * Whether this request may read the local mailbox: a loopback peer, no proxy
 * headers at all (a same-host proxy is still a proxy), and a Host header naming
 * this machine's loopback on our port (DNS rebinding sends the attacker's name).
 */
export function isLocalRequest({ socketAddress, headers }: LocalRequest, port: number) {
  if (!isLoopbackAddress(socketAddress)) return false;
  for (const proxyHeader of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded", "x-real-ip", "via"]) {
    if (headers[proxyHeader] !== undefined) return false;
  }
  const host = headers.host;
  if (typeof host !== "string") return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!match || Number(match[2] ?? 80) !== port) return false;
  return isLoopbackHostname(match[1]!);
}
