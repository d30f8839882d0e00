// How tests read mail. Codes and reset links are sent from memory (decision 009):
// every test file runs with a capture installed as the process's transport (see
// the setup files). Other mail waits in the outbox, sealed: queuedMail opens it
// the way the worker does, with the epoch's outbox key.
import { type MailContent, openMail, unwrapOutboxKey } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { installMailCapture, type MailCapture } from "~/mail/capture-transport.server";

let capture: MailCapture | undefined;

/** The capture of this test file (installed by the setup file). */
export function sentMail(): MailCapture {
  capture ??= installMailCapture();
  return capture;
}

/** The newest mail sent from memory to `to`; fails the test when there is none. */
export async function lastSentTo(to: string, match?: Parameters<MailCapture["latestTo"]>[1]) {
  const mail = await sentMail().latestTo(to, match);
  if (!mail) throw new Error("no mail was sent to that address");
  return mail;
}

export type QueuedMail = MailContent & { id: string; kind: string; status: string; createdAt: Date };

/** Every outbox row whose sealed content still opens, oldest first, opened. */
export async function queuedMail(where: { kind?: string; to?: string } = {}): Promise<QueuedMail[]> {
  const rows = await db().outboxMessage.findMany({
    where: { sealed: { not: null }, ...(where.kind ? { kind: where.kind } : {}) },
    orderBy: { createdAt: "asc" },
    include: { key: true },
  });
  const opened = rows.flatMap((row) => {
    if (!row.key || !row.sealed) return [];
    const key = unwrapOutboxKey(row.key.epoch, row.key.wrappedKey);
    try {
      return [{ id: row.id, kind: row.kind, status: row.status, createdAt: row.createdAt, ...openMail(key, row, row.sealed) }];
    } finally {
      key.fill(0);
    }
  });
  return where.to ? opened.filter((m) => m.to.toLowerCase() === where.to!.toLowerCase()) : opened;
}

/** The newest queued mail to `to` (of `kind`, if given); fails the test when there is none. */
export async function lastQueuedTo(to: string, kind?: string) {
  const mail = (await queuedMail({ to, kind })).at(-1);
  if (!mail) throw new Error("no mail is queued to that address");
  return mail;
}

/** One queued mail by its outbox id, opened; fails the test when it is not there or no longer opens. */
export async function queuedById(id: string) {
  const mail = (await queuedMail()).find((m) => m.id === id);
  if (!mail) throw new Error("that mail is not queued (or no longer opens)");
  return mail;
}
