import { expect, test } from "vitest";
import { startScheduler } from "~/jobs/scheduler.server";

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

test("runSoon runs a job ahead of its interval, and once more right after a run in progress, never overlapping", async () => {
  let runs = 0;
  let running = 0;
  let overlapped = false;
  let release = () => {};
  const scheduler = startScheduler([
    {
      name: "deliver",
      everyMs: 60_000,
      run: async () => {
        running++;
        overlapped ||= running > 1;
        runs++;
        await new Promise<void>((resolve) => (release = resolve));
        running--;
      },
    },
  ]);
  await tick();
  expect(runs).toBe(1); // the first run, at start
  scheduler.runSoon("deliver");
  scheduler.runSoon("deliver");
  await tick();
  expect(runs).toBe(1); // still busy: asked twice, remembered once
  release();
  await tick();
  expect(runs).toBe(2); // run again right after, not a minute later
  release();
  await tick();
  expect(runs).toBe(2);
  expect(overlapped).toBe(false);
  scheduler.runSoon("no such job");
  const stopping = scheduler.stop();
  release();
  await stopping;
});
