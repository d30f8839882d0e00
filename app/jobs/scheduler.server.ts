// Runs periodic jobs in this process. A job never overlaps itself, and stop()
// waits for the runs in progress so a shutdown does not cut a delivery in half.
// runSoon() runs a job ahead of its interval (mail someone is waiting for).
import { log } from "~/log.server";

export type Job = { name: string; everyMs: number; run: () => Promise<unknown> };

export function startScheduler(jobs: Job[]) {
  let stopping = false;
  const running = new Set<Promise<unknown>>();
  const ticks = new Map<string, () => void>();
  const timers = jobs.map((job) => {
    let busy = false;
    // Asked to run while running: run once more right after, so nothing waits a whole interval.
    let again = false;
    const tick = () => {
      if (stopping) return;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      const run = job
        .run()
        .catch((error: unknown) => log.error("job failed", { job: job.name, error }))
        .finally(() => {
          busy = false;
          running.delete(run);
          if (again) {
            again = false;
            setImmediate(tick);
          }
        });
      running.add(run);
    };
    ticks.set(job.name, tick);
    setImmediate(tick);
    return setInterval(tick, job.everyMs);
  });
  return {
    /** Runs a job now (or right after its current run) rather than at its next interval. */
    runSoon(name: string) {
      ticks.get(name)?.();
    },
    async stop() {
      stopping = true;
      timers.forEach(clearInterval);
      await Promise.allSettled([...running]);
    },
  };
}
