// The background jobs of the app, run by the web process (RUN_JOBS) or by `npm run worker`.
import type { Config } from "~/config/env.server";
import { db } from "~/db/client.server";
import { log } from "~/log.server";
import { mailTransportFor } from "~/mail/mailer.server";
import { deliverDueMail, purgeDeliveredMail } from "~/mail/worker.server";
import { purgeExpiredVerifications } from "~/auth/email-verification.server";
import { purgeExpiredRateLimits } from "~/auth/rate-limit.server";
import { purgeExpiredSessions } from "~/auth/session.server";
import { expireDueLetters } from "~/domain/letters/close-letter.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { sendPublishNotices } from "~/domain/letters/publish-letter.server";
import { sendRevealNotices } from "~/domain/letters/reveal-notices.server";
import { purgeExpiredSigningVerifications } from "~/domain/letters/signing-verification.server";
import { refreshDeliveryStatuses } from "~/domain/press/deliver.server";
import type { Job } from "./scheduler.server";

export function appJobs(cfg: Config): Job[] {
  const transport = mailTransportFor(cfg);
  return [
    {
      name: "deliver-mail",
      everyMs: 2_000,
      run: async () => {
        const report = await deliverDueMail({ db: db(), transport, from: cfg.MAIL_FROM });
        if (report.sent + report.retried + report.failed > 0) log.info("mail delivery", report);
      },
    },
    { name: "expire-letters", everyMs: 60_000, run: () => expireDueLetters() },
    { name: "count-batches", everyMs: 30_000, run: () => publishCountBatches() },
    { name: "reveal-notices", everyMs: 10_000, run: () => sendRevealNotices() },
    { name: "publish-notices", everyMs: 10_000, run: () => sendPublishNotices() },
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
