// The supervisor (server/supervisor.js) used to give up after 6 crashes in 60 s,
// leaving the site down for good (issue 13, finding 1). Now a web process that
// keeps dying is restarted for ever, after delays that double (RESTART_DELAY_MS
// makes the first one short here), and each restart is logged.
import fs from "node:fs";
import { expect, test } from "vitest";
import { type AppServer, runServerExpectingExit, startAppServer } from "./support/app-server";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()`; fails at once if the server has exited meanwhile. */
async function until(app: AppServer, done: () => boolean) {
  while (!done()) {
    if (app.process.exitCode !== null) throw new Error(`the server exited (${app.process.exitCode}):\n${app.output().slice(-2000)}`);
    await sleep(50);
  }
}

test("a web process that keeps crashing is restarted past 6 crashes, each time after a longer delay", { timeout: 180_000 }, async () => {
  const app = await startAppServer({ RESTART_DELAY_MS: "20" });
  try {
    const pid = app.process.pid!;
    const children = () => fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    const listened = () => app.output().split('"msg":"listening"').length - 1;
    const CRASHES = 7;
    for (let crash = 1; crash <= CRASHES; crash++) {
      // Kill the web process once it serves (a process killed during start-up would be a start-up failure).
      await until(app, () => listened() >= crash && children().length === 1);
      process.kill(children()[0]!, "SIGKILL");
      await until(app, () => app.output().includes(`(stop ${crash} in a row)`));
    }
    await until(app, () => listened() >= CRASHES + 1);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

    const restarts = [
      ...app.output().matchAll(/web process 0 stopped \(SIGKILL\); starting another in ([\d.]+ m?s) \(stop (\d+) in a row\)/g),
    ];
    expect(restarts.map((m) => Number(m[2]))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(restarts.map((m) => m[1])).toEqual(["20 ms", "40 ms", "80 ms", "160 ms", "320 ms", "640 ms", "1.3 s"]);
    expect(app.output()).not.toContain("giving up");
  } finally {
    expect(await app.stop()).toBe(0);
  }
});

test("a bad RESTART_DELAY_MS stops the server with a message naming it", async () => {
  const { code, output } = await runServerExpectingExit({ RESTART_DELAY_MS: "soon" });
  expect(code).toBe(1);
  expect(output).toContain("RESTART_DELAY_MS");
});
