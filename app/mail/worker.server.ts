// Delivers queued mail with retries. Several workers (processes or instances)
// may run at once: each message is claimed by a guarded update before sending,
// and a claim that outlives its lease (a crashed worker) is taken over later.
import { randomUUID } from "node:crypto";
import { type MailContent, openMail, unwrapOutboxKey } from "~/crypto/sealing.server";
import type { Db } from "~/db/client.server";
import { scrub } from "~/log.server";
import type { Attachment, MailTransport } from "./transport.server";

/**
 * Turns a sealed mail's attachment reference into the file to attach, when it is
 * sent (the domain knows what "letter-pdf:<id>" is; the outbox keeps no file).
 * null: not available yet, so the message is retried later.
 */
export type AttachmentResolver = (ref: string) => Promise<Attachment | null>;

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

/** 30 s, 1 min, 2 min, … capped at 6 h. */
export function retryDelayMs(attempts: number) {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

type Options = {
  db: Db;
  transport: MailTransport;
  from: string;
  now?: () => Date;
  batchSize?: number;
  concurrency?: number;
  attachments?: AttachmentResolver;
  /**
   * Aborted when the process is stopping (SIGTERM): no new batch is claimed, the
   * senders take no new message, and what was claimed but not sent is given back.
   */
  signal?: AbortSignal;
};

async function attachmentsOf(mail: MailContent, resolve: AttachmentResolver | undefined) {
  if (!mail.attach?.length) return undefined;
  const files: Attachment[] = [];
  for (const ref of mail.attach) {
    const file = resolve ? await resolve(ref) : null;
    if (!file) throw new Error("attachment not available yet");
    files.push(file);
  }
  return files;
}
export type DeliveryReport = { sent: number; retried: number; failed: number };

// The blob and the key it needs go together: a row that no longer names its key
// lets that key be destroyed (decision 009).
const ERASED = { sealed: null, keyEpoch: null } as const;

/**
 * How long a message can still be retried after it was queued: the backoffs of
 * every attempt, each with its lease. An outbox key is kept no longer than its
 * epoch plus this; its mail still undelivered then is given up.
 */
export const RETRY_HORIZON_MS = Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i) + LEASE_MS).reduce((a, b) => a + b, 0);

type Claimed = { id: string; kind: string; sealed: Uint8Array | null; keyEpoch: number | null };

/** Opens each claimed message under its epoch's key; null where the key is gone or the blob does not open. */
async function openClaimed(db: Db, messages: Claimed[]) {
  const epochs = [...new Set(messages.flatMap((m) => (m.keyEpoch === null ? [] : [m.keyEpoch])))];
  const rows = epochs.length === 0 ? [] : await db.outboxKey.findMany({ where: { epoch: { in: epochs } } });
  const keys = new Map(rows.map((row) => [row.epoch, unwrapOutboxKey(row.epoch, row.wrappedKey)]));
  try {
    return new Map<string, MailContent | null>(
      messages.map((m) => {
        const key = m.keyEpoch === null ? undefined : keys.get(m.keyEpoch);
        if (!key || !m.sealed) return [m.id, null];
        try {
          return [m.id, openMail(key, m, m.sealed)];
        } catch {
          return [m.id, null];
        }
      }),
    );
  } finally {
    for (const key of keys.values()) key.fill(0);
  }
}

/**
 * Claims up to `batchSize` due messages in one guarded update and sends them,
 * `concurrency` at a time. A rush of signers means hundreds of codes a second:
 * claiming and settling a batch in a few statements, not three per message,
 * keeps the database free for the signers themselves.
 */
export async function deliverDueMail({
  db,
  transport,
  from,
  now = () => new Date(),
  batchSize = 50,
  concurrency = 10,
  attachments,
  signal,
}: Options): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  if (signal?.aborted) return report;
  const claimedAt = now();
  const due = { nextAttemptAt: { lte: claimedAt }, OR: [{ status: "PENDING" }, { status: "SENDING", lockedUntil: { lt: claimedAt } }] };
  const candidates = await db.outboxMessage.findMany({
    where: due,
    orderBy: { nextAttemptAt: "asc" },
    take: batchSize,
    select: { id: true },
  });
  if (candidates.length === 0) return report;
  // Only rows still due when the update runs are claimed: a message another worker
  // claimed in between no longer matches, so each message has one owner.
  const claimToken = randomUUID();
  await db.outboxMessage.updateMany({
    where: { id: { in: candidates.map((c) => c.id) }, ...due },
    data: { status: "SENDING", claimToken, lockedUntil: new Date(claimedAt.getTime() + LEASE_MS), attempts: { increment: 1 } },
  });
  const messages = await db.outboxMessage.findMany({ where: { claimToken, status: "SENDING" } });
  const contents = await openClaimed(db, messages);
  // Settling updates are guarded by the claim too: a worker whose lease lapsed
  // (and whose messages another worker took over) changes nothing.
  const mine = (id: string) => ({ id, claimToken });

  const delivered: string[] = [];
  let next = 0;
  async function sender() {
    // A message already handed to the transport finishes (its outcome is settled
    // below); once stopping, no sender takes another.
    while (next < messages.length && !signal?.aborted) {
      const message = messages[next++]!;
      const mail = contents.get(message.id);
      if (!mail) {
        // Its key was destroyed (past the retry horizon), or the row was altered.
        await db.outboxMessage.updateMany({
          where: mine(message.id),
          data: { status: "FAILED", lockedUntil: null, lastError: "message could not be opened", ...ERASED },
        });
        report.failed++;
        continue;
      }
      try {
        const { attach: _refs, ...content } = mail;
        const files = await attachmentsOf(mail, attachments);
        await transport.send({ id: message.id, from, ...content, ...(files ? { attachments: files } : {}) });
        delivered.push(message.id);
      } catch (error) {
        const lastError = scrub(error instanceof Error ? error.message : String(error)).slice(0, 500);
        const giveUp = message.attempts >= MAX_ATTEMPTS;
        await db.outboxMessage.updateMany({
          where: mine(message.id),
          data: giveUp
            ? { status: "FAILED", lockedUntil: null, lastError, ...ERASED }
            : {
                status: "PENDING",
                lockedUntil: null,
                lastError,
                nextAttemptAt: new Date(now().getTime() + retryDelayMs(message.attempts)),
              },
        });
        if (giveUp) report.failed++;
        else report.retried++;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, sender));
  if (next < messages.length) await releaseUnsent(db, claimToken, messages.slice(next));
  if (delivered.length > 0) {
    // Delivered: keep the fact, erase the content (it may carry a work address or a code).
    const settled = await db.outboxMessage.updateMany({
      where: { id: { in: delivered }, claimToken },
      data: { status: "SENT", sentAt: now(), lockedUntil: null, lastError: null, ...ERASED },
    });
    report.sent += settled.count;
  }
  return report;
}

/**
 * Stopping: the claimed messages no sender took go back to the queue now, rather
 * than staying SENDING until the lease lapses (a minute during which no other
 * worker could deliver them, codes included). They were not tried, so the
 * attempt the claim counted is given back. Guarded by the claim: a message
 * another worker has taken over since is left alone.
 */
async function releaseUnsent(db: Db, claimToken: string, unsent: Claimed[]) {
  await db.outboxMessage.updateMany({
    where: { id: { in: unsent.map((m) => m.id) }, claimToken, status: "SENDING" },
    data: { status: "PENDING", lockedUntil: null, claimToken: null, attempts: { decrement: 1 } },
  });
}

/** Sent mail rows are kept a day (for the operator to see delivery went fine), then removed. */
export async function purgeDeliveredMail(db: Db, now = new Date()) {
  const { count } = await db.outboxMessage.deleteMany({
    where: { status: { in: ["SENT", "FAILED"] }, createdAt: { lt: new Date(now.getTime() - 24 * 60 * 60_000) } },
  });
  return count;
}
