// Issue 17, faults: each injected for real into the recipe's cluster (tests/cluster/
// support/cluster.ts), with nothing lost or duplicated.
import { describe, expect, test } from "vitest";
import { killNine } from "../support/app-process";
import { expectEachSignedOnce, pressAgainUntilReceipt, rushWithFault } from "./support/http-signer";
import { letterFigures } from "./support/figures";
import { letterWithSigners, organizedCluster } from "./support/organized-cluster";

describe("faults in the recipe's cluster", () => {
  const held = organizedCluster({ instances: 2 });

  test(
    "kill -9 of one instance in a signing rush across the threshold: every signer ends with a stored receipt, one reveal, exact counts",
    { timeout: 300_000 },
    async () => {
      const { cluster } = held;
      // Everyone has typed their code; then they all press "Sign" at once.
      const { letterId, signers } = await letterWithSigners(held, {
        title: "A rush with a crash",
        threshold: 20,
        count: 30,
        tag: "rusher.crash",
      });

      const victim = cluster.apps[0]!;
      const nameOf = (i: number) => `Rusher Number${i}`;
      // In the middle of the rush: once a third of the answers are back.
      const first = await rushWithFault(cluster, signers, nameOf, 10, () => killNine(victim.process.child.pid!));
      const failed = first.filter((a) => !("receipt" in a)).length;
      const last = await pressAgainUntilReceipt(cluster, signers, nameOf, first, { tries: 5, waitMs: 500 });
      await expectEachSignedOnce(last, () => letterFigures(cluster.databaseUrl, letterId));
      // The crash was real: some requests were cut off, and nginx kept serving from the other instance.
      expect(victim.process.child.exitCode ?? victim.process.child.signalCode).not.toBeNull();
      console.info(`kill -9 mid-rush: ${failed} of ${signers.length} first presses got no receipt`);
    },
  );
});
