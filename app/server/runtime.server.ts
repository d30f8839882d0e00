// What server.js (and `npm run worker`) call around the Remix request handler:
// start-up (configuration, migrations, jobs), request logging and shutdown.
// Exported through entry.server so the server uses the same module instances as
// the routes (one configuration, one database client).
import { afterAnswerSettled } from "~/auth/after-answer.server";
import { config } from "~/config/env.server";
import { localMailboxKey, localMailboxLink } from "~/mail/dev-mailbox.server";
import { isLocalRequest } from "~/config/local-mailbox.server";
import { trustProxy } from "~/config/trusted-proxies.server";
import { confirmSharedSecrets } from "~/config/secret-check.server";
import { db, disconnectDb } from "~/db/client.server";
import { migrate } from "~/db/migrate.server";
import { MAX_FORM_BYTES } from "~/http/read-form.server";
import { isCrossSiteWrite } from "~/http/request-protection.server";
import { withResponseScope } from "~/http/response-scope.server";
import { securityHeaders } from "~/http/security-headers.server";
import { appJobs } from "~/jobs/jobs.server";
import { startScheduler } from "~/jobs/scheduler.server";
import { stopMemorySender } from "~/mail/memory-sender.server";
import { onMailCommitted } from "~/mail/outbox.server";
import { log, logRequest } from "~/log.server";
import { servePageFromCache } from "~/publishing/page-cache.server";

export type Started = { stop(): Promise<void> };

/**
 * worker: `npm run worker`, which runs every job whatever RUN_JOBS says.
 * webProcess: which of the supervisor's web processes this is (0 for the first).
 */
export async function boot({ worker = false, webProcess = 0 }: { worker?: boolean; webProcess?: number } = {}): Promise<Started> {
  const cfg = config();
  for (const name of cfg.generatedSecrets) {
    log.warn("generated a new secret", { secret: name, file: `${cfg.DATA_DIR}/secrets.json` });
  }
  if (cfg.databaseProvider === "postgres" && (!cfg.HASH_SECRET || !cfg.KEY_ENCRYPTION_KEY)) {
    log.warn("secrets come from DATA_DIR: every instance sharing this database must use the same HASH_SECRET and KEY_ENCRYPTION_KEY");
  }
  const applied = await migrate(cfg.DATABASE_URL);
  log.info("database ready", { provider: cfg.databaseProvider, appliedMigrations: applied });
  // The same secrets as every other process on this database, or no start (decision 022).
  await confirmSharedSecrets(db(), cfg);
  if (cfg.mailTransport === "local-mailbox") {
    log.warn("no SMTP_URL: mail goes to the local mailbox (/dev/mailbox), for trying the app only");
    localMailboxKey(); // made now, so the link printed once the server listens works in every process
  }
  // Web processes run no job where RUN_JOBS=false; otherwise the first runs every
  // job and the others only queued-mail delivery (codes go out from each process's
  // memory, decision 009; every job is safe to run concurrently anyway: claims and guarded updates).
  const jobs = worker ? "all" : !cfg.RUN_JOBS ? "none" : webProcess === 0 ? "all" : "mail";
  const scheduler =
    jobs === "none" ? undefined : startScheduler(appJobs(cfg).filter((job) => jobs === "all" || job.name === "deliver-mail"));
  const stopWaking = scheduler ? onMailCommitted(() => scheduler.runSoon("deliver-mail")) : undefined;
  return {
    async stop() {
      stopWaking?.();
      await scheduler?.stop();
      // Work a request left to do after answering (a reset link) may still send mail.
      await afterAnswerSettled();
      await stopMemorySender();
      await disconnectDb();
    },
  };
}

// maxBodyBytes: the largest request body server/web.js lets through (readForm's limit).
export const runtime = {
  boot,
  logRequest,
  log,
  config,
  securityHeaders,
  isCrossSiteWrite,
  servePageFromCache,
  trustProxy,
  isLocalRequest,
  withResponseScope,
  localMailboxLink,
  maxBodyBytes: MAX_FORM_BYTES,
};
