// npm run worker — runs the background jobs (mail delivery, expiry) in their own
// process, for deployments that set RUN_JOBS=false on the web instances.
import { boot } from "~/server/runtime.server";
import { log } from "~/log.server";

const started = await boot({ runJobs: true });
log.info("worker running");
const stop = async (signal: string) => {
  log.info("worker stopping", { signal });
  await started.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
