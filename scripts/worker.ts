// npm run worker — runs the background jobs (mail delivery, expiry) in their own
// process, for deployments that set RUN_JOBS=false on the web instances.
import v8 from "node:v8";
import { boot } from "~/server/runtime.server";
import { log } from "~/log.server";

// As in server/web.js: Prisma's WebAssembly on V8's baseline tier only (about 95 MB less).
v8.setFlagsFromString("--liftoff-only");

const started = await boot({ worker: true }).catch((error: unknown) => {
  // A bad setting (decision 022's secrets among them): say which, and stop, as server/web.js does.
  if ((error as Error | undefined)?.name === "ConfigError") console.error((error as Error).message);
  else log.error("start-up failed", { error });
  process.exit(1);
});
log.info("worker running");
const stop = async (signal: string) => {
  log.info("worker stopping", { signal });
  await started.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
