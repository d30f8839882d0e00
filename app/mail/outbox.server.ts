// Mail that must survive a crash (receipts, notices, invitations, press mail) is
// written to an outbox row in the same transaction as the change that needs it,
// and the worker delivers it later. The row holds recipient, subject and bodies
// only sealed under the hour's outbox key (decision 009). Mail carrying a code or
// a short-lived link never comes here: see memory-sender.server.ts.
import crypto from "node:crypto";
import { sealMail } from "~/crypto/sealing.server";
import type { Db, Tx } from "~/db/client.server";
import { currentOutboxKey } from "./outbox-keys.server";

export type OutgoingMail = {
  /** What the mail is for, e.g. "signing-code". Never a person or a letter. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
  /** What the worker attaches when it sends (see AttachmentResolver in worker.server.ts). */
  attach?: string[];
};

const contentOf = (mail: OutgoingMail) => ({
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  html: mail.html ?? null,
  ...(mail.headers ? { headers: mail.headers } : {}),
  ...(mail.attach ? { attach: mail.attach } : {}),
});

function sealed(key: Buffer, id: string, mail: OutgoingMail) {
  try {
    return sealMail(key, { id, kind: mail.kind }, contentOf(mail));
  } finally {
    key.fill(0);
  }
}

/**
 * A mail's outbox row, sealed under the hour's outbox key (zeroed after use). The
 * id is chosen here: the sealed blob is bound to it. enqueueMail writes the row
 * through Prisma, enqueueMailDirect as plain SQL on SQLite (decision 008).
 */
export function sealedOutboxRow(mail: OutgoingMail, { epoch, key }: { epoch: number; key: Buffer }) {
  const id = crypto.randomUUID();
  return { id, kind: mail.kind, sealed: sealed(key, id, mail), keyEpoch: epoch };
}

/** Queue a mail; pass the transaction client so it commits (or not) with the action. */
export async function enqueueMail(client: Db | Tx, mail: OutgoingMail) {
  const row = sealedOutboxRow(mail, await currentOutboxKey(client));
  await client.outboxMessage.create({ data: row, select: { id: true } });
  return row.id;
}

// A worker running in this process is told as soon as a transaction that queued
// mail has committed, so it delivers at once instead of at its next look
// (workers in other processes still find the mail by polling).
const committedListeners = new Set<() => void>();

/** Call after the transaction that queued a mail someone is waiting for has committed. */
export function mailCommitted() {
  for (const listener of committedListeners) listener();
}

export function onMailCommitted(listener: () => void) {
  committedListeners.add(listener);
  return () => void committedListeners.delete(listener);
}
