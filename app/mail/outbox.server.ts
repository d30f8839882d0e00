// Mail is never sent from a request: an action writes an outbox row in the same
// transaction as the change that needs it, and the worker delivers it later.
import type { Db, Tx } from "~/db/client.server";

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
