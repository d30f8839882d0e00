// The background jobs of the app, run by the web process (RUN_JOBS) or by `npm run worker`.
import type { Config } from "~/config/env.server";
import { db } from "~/db/client.server";
import { log } from "~/log.server";
import { mailTransportFor } from "~/mail/mailer.server";
import { deliverDueMail, purgeDeliveredMail } from "~/mail/worker.server";
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
    { name: "purge-mail", everyMs: 60 * 60_000, run: () => purgeDeliveredMail(db()) },
  ];
}
