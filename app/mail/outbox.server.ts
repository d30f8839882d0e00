// Mail is never sent from a request: an action writes an outbox row in the same
// transaction as the change that needs it, and the worker delivers it later.
import crypto from "node:crypto";
import type { Db, Tx } from "~/db/client.server";
import { type SqliteDirect, sqliteTime } from "~/db/sqlite-direct.server";

export type OutgoingMail = {
  /** What the mail is for, e.g. "signing-code". Never a person or a letter. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
};

/** Queue a mail; pass the transaction client so it commits (or not) with the action. */
export async function enqueueMail(client: Db | Tx, mail: OutgoingMail) {
  const row = await client.outboxMessage.create({
    data: { kind: mail.kind, recipient: mail.to, subject: mail.subject, textBody: mail.text, htmlBody: mail.html ?? null },
    select: { id: true },
  });
  return row.id;
}

/** The same row as enqueueMail writes, inside a plain-SQL transaction on SQLite (decision 008). */
export function enqueueMailDirect(direct: SqliteDirect, mail: OutgoingMail, now = new Date()) {
  const id = crypto.randomUUID();
  direct.run(
    'INSERT INTO "OutboxMessage" ("id", "kind", "recipient", "subject", "textBody", "htmlBody", "status", "attempts", "nextAttemptAt", "createdAt") ' +
      "VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)",
    id, mail.kind, mail.to, mail.subject, mail.text, mail.html ?? null, sqliteTime(now), sqliteTime(now),
  );
  return id;
}

// A signer waits for their code. A worker running in this process is told as soon
// as a transaction that queued mail has committed, so it delivers at once instead
// of at its next look (workers in other processes still find the mail by polling).
const committedListeners = new Set<() => void>();

/** Call after the transaction that queued a mail someone is waiting for has committed. */
export function mailCommitted() {
  for (const listener of committedListeners) listener();
}

export function onMailCommitted(listener: () => void) {
  committedListeners.add(listener);
  return () => void committedListeners.delete(listener);
}
