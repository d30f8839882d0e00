// The background jobs of the app, run by the web process (RUN_JOBS) or by `npm run worker`.
import type { Config } from "~/config/env.server";
import { db } from "~/db/client.server";
import { log } from "~/log.server";
import { mailTransportFor } from "~/mail/mailer.server";
import { scrubFreedStorage } from "~/db/scrub-storage.server";
import { destroyOutboxKeys } from "~/mail/outbox-keys.server";
import { deliverDueMail, purgeDeliveredMail } from "~/mail/worker.server";
import { purgeExpiredVerifications } from "~/auth/email-verification.server";
import { purgeExpiredRateLimits } from "~/auth/rate-limit.server";
import { purgeExpiredSessions } from "~/auth/session.server";
import { expireDueLetters } from "~/domain/letters/close-letter.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { sendPublishNotices } from "~/domain/letters/publish-letter.server";
import { sendRevealNotices } from "~/domain/letters/reveal-notices.server";
import { endDueCoolingOffs, sendCoolingOffNotices } from "~/domain/letters/cooling-off.server";
import { revealReleasedLetters } from "~/domain/trustees/reveal-with-shares.server";
import { purgeExpiredSigningVerifications } from "~/domain/letters/signing-verification.server";
import { refreshDeliveryStatuses } from "~/domain/press/deliver.server";
import { callTrustees } from "~/domain/trustees/call-trustees.server";
import { sendUpdateMail } from "~/domain/letters/after-publication/update-mail.server";
import { letterAttachment, refreshAddresseeDeliveries } from "~/domain/letters/after-publication/deliver-to-addressee.server";
import type { Job } from "./scheduler.server";

const MAIL_BATCH = 50;

export function appJobs(cfg: Config): Job[] {
  const transport = mailTransportFor(cfg);
  return [
    {
      // A signer waits for their code: look often (a cheap indexed query), and
      // keep going without a pause while full batches come back.
      name: "deliver-mail",
      everyMs: 250,
      run: async (stopping) => {
        const total = { sent: 0, retried: 0, failed: 0 };
        while (!stopping.aborted) {
          const report = await deliverDueMail({
            db: db(),
            transport,
            from: cfg.MAIL_FROM,
            batchSize: MAIL_BATCH,
            attachments: letterAttachment,
            signal: stopping,
          });
          total.sent += report.sent;
          total.retried += report.retried;
          total.failed += report.failed;
          if (report.sent + report.retried + report.failed < MAIL_BATCH) break;
        }
        if (total.sent + total.retried + total.failed > 0) log.info("mail delivery", total);
      },
    },
    {
      // An outbox key outlives its hour only while its mail is undelivered
      // (decision 009); once destroyed, its rows leave the WAL and dead row versions too.
      name: "destroy-outbox-keys",
      everyMs: 5 * 60_000,
      run: async () => {
        const destroyed = await destroyOutboxKeys(db());
        if (destroyed > 0) {
          const scrubbed = await scrubFreedStorage(db());
          log.info("outbox keys destroyed", { count: destroyed, storageScrubbed: scrubbed });
        }
      },
    },
    { name: "expire-letters", everyMs: 60_000, run: () => expireDueLetters() },
    { name: "count-batches", everyMs: 30_000, run: () => publishCountBatches() },
    // The end of a cooling-off period (decision 020): revealed, or handed to the trustees, once.
    { name: "end-cooling-off", everyMs: 60_000, run: () => endDueCoolingOffs() },
    { name: "cooling-off-notices", everyMs: 10_000, run: () => sendCoolingOffNotices() },
    { name: "reveal-notices", everyMs: 10_000, run: () => sendRevealNotices() },
    // A letter with trustees at its threshold: they (and the organizers) are told, once.
    { name: "call-trustees", everyMs: 10_000, run: () => callTrustees() },
    // The k-th trustee's "done" reveals at once; this finishes a reveal cut short (a restart, a crash).
    { name: "trustee-reveals", everyMs: 60_000, run: () => revealReleasedLetters() },
    { name: "publish-notices", everyMs: 10_000, run: () => sendPublishNotices() },
    // Updates posted within the caps, mailed once to signers who asked (decision 017).
    { name: "update-mail", everyMs: 10_000, run: () => sendUpdateMail() },
    // The addressee's delivery: its outcome copied to the letter and its public page.
    { name: "addressee-delivery", everyMs: 60_000, run: () => refreshAddresseeDeliveries() },
    // Press delivery statuses, copied from the outbox well before its rows are purged (after a day).
    { name: "press-delivery-statuses", everyMs: 60_000, run: () => refreshDeliveryStatuses() },
    {
      name: "purge-expired",
      everyMs: 60 * 60_000,
      run: async () => {
        await purgeDeliveredMail(db());
        await purgeExpiredSessions();
        await purgeExpiredVerifications();
        await purgeExpiredRateLimits();
        await purgeExpiredSigningVerifications();
      },
    },
  ];
}
