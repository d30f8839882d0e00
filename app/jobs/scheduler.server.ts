// Runs periodic jobs in this process. A job never overlaps itself, and stop()
// waits for the runs in progress so a shutdown does not cut a delivery in half;
// it also tells them it is stopping, so mail delivery sends only what is already
// in flight and hands the rest of its batch back (app/mail/worker.server.ts).
// runSoon() runs a job ahead of its interval (mail someone is waiting for).
import { log } from "~/log.server";

/** `stopping` is aborted when stop() is called: a long run ends early and gives back what it holds. */
export type Job = { name: string; everyMs: number; run: (stopping: AbortSignal) => Promise<unknown> };

export function startScheduler(jobs: Job[]) {
  let stopping = false;
  const stopped = new AbortController();
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
        .run(stopped.signal)
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
      stopped.abort();
      await Promise.allSettled([...running]);
    },
  };
}
