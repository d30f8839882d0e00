// Runs periodic jobs in this process. A job never overlaps itself, and stop()
// waits for the runs in progress so a shutdown does not cut a delivery in half.
import { log } from "~/log.server";

export type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

export function startScheduler(jobs: Job[]) {
  let stopping = false;
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) => {
    let busy = false;
    const tick = () => {
      if (busy || stopping) return;
      busy = true;
      const run = job
        .run()
        .catch((error: unknown) => log.error("job failed", { job: job.name, error }))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    setImmediate(tick);
    return setInterval(tick, job.everyMs);
  });
  return {
    async stop() {
      stopping = true;
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
}
