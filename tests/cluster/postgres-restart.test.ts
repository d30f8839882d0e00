// Issue 17, fault 4: PostgreSQL restarted in the middle of a signing rush. Requests
// that meet the outage fail fast with a clear 503 and Retry-After, nothing is
// half-written, and the instances serve again once it is back, without a restart.
import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { letterFigures } from "./support/figures";
import { type SignAttempt, expectEachSignedOnce, pressAgainUntilReceipt, pressSign, rushWithFault } from "./support/http-signer";
import { letterWithSigners, organizedCluster } from "./support/organized-cluster";

/** The web processes an instance's supervisor runs. */
function webProcessesOf(pid: number) {
  return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .sort();
}

describe("PostgreSQL restarted during a signing rush", () => {
  const held = organizedCluster({ instances: 2, ownPostgres: true });

  test(
    "503 with Retry-After during the outage, nothing half-written, both instances serve again unrestarted",
    { timeout: 300_000 },
    async () => {
      const { cluster } = held;
      const { letterId, signers } = await letterWithSigners(held, {
        title: "A rush through a restart",
        threshold: 20,
        count: 30,
        tag: "restarter.pg",
      });
      const processesBefore = cluster.apps.map((app) => webProcessesOf(app.process.child.pid!));

      const nameOf = (i: number) => `Restarter Number${i}`;
      let duringOutage: SignAttempt | undefined;
      const first = await rushWithFault(cluster, signers, nameOf, 8, async () => {
        cluster.postgres!.stop("fast");
        const outageStarted = Date.now();
        duringOutage = await pressSign(cluster, signers.at(-1)!, nameOf(signers.length - 1));
        // Fails fast (no connection to wait for), not after a proxy's or a pool's timeout.
        expect(Date.now() - outageStarted).toBeLessThan(10_000);
        await new Promise((r) => setTimeout(r, 2000));
        cluster.postgres!.start();
      });

      // What met the outage was refused clearly, never a 500 or a hang.
      console.info(
        `PostgreSQL restart mid-rush: ${first.filter((a) => !("receipt" in a)).length} of ${signers.length} first presses answered 503`,
      );
      expect(duringOutage).toMatchObject({ status: 503 });
      expect(Number((duringOutage as { retryAfter?: string }).retryAfter)).toBeGreaterThan(0);
      for (const attempt of first) {
        if ("receipt" in attempt) continue;
        expect(attempt).toMatchObject({ status: 503 });
      }

      const last = await pressAgainUntilReceipt(cluster, signers, nameOf, first, { tries: 10, waitMs: 1000 });
      await expectEachSignedOnce(last, () => letterFigures(cluster.databaseUrl, letterId));
      // The same processes serve on: none crashed and was replaced.
      expect(cluster.apps.map((app) => webProcessesOf(app.process.child.pid!))).toEqual(processesBefore);
      for (const app of cluster.apps) expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
    },
  );
});
