// Delivers queued mail with retries. Several workers (processes or instances)
// may run at once: each message is claimed by a guarded update before sending,
// and a claim that outlives its lease (a crashed worker) is taken over later.
import type { Db } from "~/db/client.server";
import { scrub } from "~/log.server";
import type { MailTransport } from "./transport.server";

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

/** 30 s, 1 min, 2 min, … capped at 6 h. */
export function retryDelayMs(attempts: number) {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

type Options = { db: Db; transport: MailTransport; from: string; now?: () => Date; batchSize?: number };
export type DeliveryReport = { sent: number; retried: number; failed: number };

export async function deliverDueMail({ db, transport, from, now = () => new Date(), batchSize = 20 }: Options): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const due = await db.outboxMessage.findMany({
    where: {
      nextAttemptAt: { lte: now() },
      OR: [{ status: "PENDING" }, { status: "SENDING", lockedUntil: { lt: now() } }],
    },
    orderBy: { nextAttemptAt: "asc" },
    take: batchSize,
    select: { id: true, status: true, lockedUntil: true },
  });
  for (const candidate of due) {
    const claimedAt = now();
    // Only one worker wins this update; the loser sees count 0 and moves on.
    const claim = await db.outboxMessage.updateMany({
      where: { id: candidate.id, status: candidate.status, lockedUntil: candidate.lockedUntil },
      data: { status: "SENDING", lockedUntil: new Date(claimedAt.getTime() + LEASE_MS), attempts: { increment: 1 } },
    });
    if (claim.count === 0) continue;
    const message = await db.outboxMessage.findUniqueOrThrow({ where: { id: candidate.id } });
    if (!message.recipient || message.subject === null || message.textBody === null) {
      await db.outboxMessage.update({ where: { id: message.id }, data: { status: "FAILED", lockedUntil: null, lastError: "message has no recipient or body" } });
      report.failed++;
      continue;
    }
    try {
      await transport.send({ id: message.id, to: message.recipient, from, subject: message.subject, text: message.textBody, html: message.htmlBody });
      // Delivered: keep the fact, erase the content (it may carry a work address or a code).
      await db.outboxMessage.update({
        where: { id: message.id },
        data: { status: "SENT", sentAt: now(), lockedUntil: null, lastError: null, recipient: null, subject: null, textBody: null, htmlBody: null },
      });
      report.sent++;
    } catch (error) {
      const lastError = scrub(error instanceof Error ? error.message : String(error)).slice(0, 500);
      const giveUp = message.attempts >= MAX_ATTEMPTS;
      await db.outboxMessage.update({
        where: { id: message.id },
        data: giveUp
          ? { status: "FAILED", lockedUntil: null, lastError, recipient: null, subject: null, textBody: null, htmlBody: null }
          : { status: "PENDING", lockedUntil: null, lastError, nextAttemptAt: new Date(now().getTime() + retryDelayMs(message.attempts)) },
      });
      if (giveUp) report.failed++;
      else report.retried++;
    }
  }
  return report;
}

/** Sent mail rows are kept a day (for the operator to see delivery went fine), then removed. */
export async function purgeDeliveredMail(db: Db, now = new Date()) {
  const { count } = await db.outboxMessage.deleteMany({
    where: { status: { in: ["SENT", "FAILED"] }, createdAt: { lt: new Date(now.getTime() - 24 * 60 * 60_000) } },
  });
  return count;
}
