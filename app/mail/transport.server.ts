// Where mail goes: an SMTP server when SMTP_URL is set, otherwise a mailbox
// folder on disk that the /dev/mailbox page shows (so a fresh `npm start` works
// with no mail server). The local mailbox is for trying the app, not production:
// its files hold addresses and codes in plain text.
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";

export type Attachment = { filename: string; contentType: string; content: Uint8Array };
export type Envelope = {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  attachments?: Attachment[];
};
export type MailTransport = { send(mail: Envelope): Promise<void>; close?(): void };

/**
 * How long one SMTP step (connecting, the greeting, any reply) may stall before the
 * send fails and is retried later. Nodemailer's defaults are 2 min to connect and
 * 10 min of silence: longer than a claim's 60 s lease (another worker would take
 * the message over while this one still waits, and both might deliver it), and
 * longer than a stopping worker may wait for its sends in flight.
 */
export const SMTP_TIMEOUT_MS = 30_000;

export function smtpTransport(smtpUrl: string, { timeoutMs = SMTP_TIMEOUT_MS }: { timeoutMs?: number } = {}): MailTransport {
  // Settings in SMTP_URL's query string (e.g. ?socketTimeout=…) still win.
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        // A stable Message-ID lets receiving servers drop a duplicate if a
        // delivery is retried after the server already accepted it.
        messageId: `<${mail.id}@undersigned.invalid>`,
        ...(mail.headers ? { headers: mail.headers } : {}),
        ...(mail.attachments
          ? {
              attachments: mail.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: Buffer.from(a.content),
              })),
            }
          : {}),
      });
    },
    close: () => transporter.close(),
  };
}

/** What the local mailbox keeps: the mail with its headers, and of each attachment its name, type and size. */
export type StoredMail = Omit<Envelope, "attachments"> & {
  receivedAt: string;
  attachments?: { filename: string; contentType: string; size: number }[];
};

export function localMailbox(dir: string): MailTransport {
  return {
    async send(mail) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const { attachments, ...rest } = mail;
      const stored: StoredMail = {
        ...rest,
        receivedAt: new Date().toISOString(),
        ...(attachments
          ? { attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length })) }
          : {}),
      };
      // Named by outbox id: delivering the same message twice overwrites, never duplicates.
      const file = path.join(dir, `${mail.id}.json`);
      await fs.promises.writeFile(`${file}.tmp`, JSON.stringify(stored, null, 2), { mode: 0o600 });
      await fs.promises.rename(`${file}.tmp`, file);
    },
  };
}

/** Newest first. */
export function readLocalMailbox(dir: string): StoredMail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as StoredMail)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}
