// Mail as a real SMTP server received it (tests/support/smtp.ts), taken apart enough
// for a journey to assert on what the local mailbox page does not show: headers
// (List-Unsubscribe), decoded subjects, and attachments (the addressee's PDF).
import type { Received } from "../../support/smtp";

export type ParsedMail = {
  to: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
  attachments: { contentType: string; filename: string | null; content: Buffer }[];
};

type Entity = { headers: Map<string, string>; body: string };

function splitEntity(raw: string): Entity {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace (RFC 5322 2.2.3).
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** RFC 2047 encoded words (nodemailer encodes a subject with curly quotes). */
function decodeWords(value: string) {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BQbq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

function decodeBody(entity: Entity): Buffer {
  const encoding = (entity.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(entity.body.replace(/\s+/g, ""), "base64");
  if (encoding === "quoted-printable") {
    const soft = entity.body.replace(/=\r?\n/g, "");
    return Buffer.from(
      soft.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      "latin1",
    );
  }
  return Buffer.from(entity.body, "utf8");
}

function parameter(header: string, name: string) {
  const match = new RegExp(`${name}="?([^";]+)"?`, "i").exec(header);
  return match ? match[1]! : null;
}

/** The text parts and attachments of a MIME entity, multipart or not. */
function walk(entity: Entity, out: Pick<ParsedMail, "text" | "attachments">) {
  const type = entity.headers.get("content-type") ?? "text/plain";
  const boundary = parameter(type, "boundary");
  if (type.toLowerCase().startsWith("multipart/") && boundary) {
    const parts = entity.body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith("--")) break;
      walk(splitEntity(part.replace(/^\r?\n/, "")), out);
    }
    return;
  }
  const disposition = entity.headers.get("content-disposition") ?? "";
  if (disposition.toLowerCase().startsWith("attachment")) {
    out.attachments.push({
      contentType: type.split(";")[0]!.trim().toLowerCase(),
      filename: parameter(disposition, "filename"),
      content: decodeBody(entity),
    });
  } else if (type.toLowerCase().startsWith("text/plain")) {
    out.text += decodeBody(entity).toString("utf8");
  }
}

export function parseMail(mail: Received): ParsedMail {
  const entity = splitEntity(mail.raw);
  const out = { text: "", attachments: [] as ParsedMail["attachments"] };
  walk(entity, out);
  return { to: mail.to, headers: entity.headers, subject: decodeWords(entity.headers.get("subject") ?? ""), ...out };
}

/** Every mail received for `address` so far, oldest first. */
export function mailTo(received: Received[], address: string) {
  return received.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase())).map(parseMail);
}

/** Waits (bounded) until `count` mails matching `subject` have reached `address`; returns them. */
export async function waitForMail(received: Received[], address: string, subject: RegExp, count = 1, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailTo(received, address).filter((m) => subject.test(m.subject));
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      const seen = mailTo(received, address).map((m) => m.subject);
      throw new Error(`${count} mail(s) matching ${subject} to ${address} not received; seen: ${JSON.stringify(seen)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
