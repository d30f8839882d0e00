// Issue 17, faults: each injected for real into the recipe's cluster (tests/cluster/
// support/cluster.ts), with nothing lost or duplicated.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openBrowser } from "../e2e/support/browser";
import { killNine } from "../support/app-process";
import { rememberSmtpInbox } from "../e2e/support/mailbox";
import { signUpOrganizer } from "../e2e/support/organizer";
import { type Cluster, startCluster } from "./support/cluster";
import { type VerifiedSigner, pressAgainUntilReceipt, rushWithFault, verifiedSigner } from "./support/http-signer";
import { letterFigures } from "./support/figures";
import { openLetter } from "./support/letter";

describe("faults in the recipe's cluster", () => {
  let cluster: Cluster;
  let organizer: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    cluster = await startCluster({ instances: 2 });
    rememberSmtpInbox(cluster.url, cluster.smtp.received);
    organizer = await openBrowser({ ignoreHTTPSErrors: true });
    await signUpOrganizer(organizer.context, cluster.url);
  });
  afterAll(async () => {
    await organizer?.close();
    await cluster?.stop();
  });

  test(
    "kill -9 of one instance in a signing rush across the threshold: every signer ends with a stored receipt, one reveal, exact counts",
    { timeout: 300_000 },
    async () => {
      const { letterId, shareUrl } = await openLetter(organizer.context, cluster.url, { title: "A rush with a crash", threshold: 20 });
      const emails = Array.from({ length: 30 }, (_, i) => `rusher${i}.crash@microsoft.com`);
      // Everyone has typed their code; then they all press "Sign" at once.
      const signers: VerifiedSigner[] = [];
      for (const email of emails) signers.push(await verifiedSigner(cluster, shareUrl, email));

      const victim = cluster.apps[0]!;
      const nameOf = (i: number) => `Rusher Number${i}`;
      // In the middle of the rush: once a third of the answers are back.
      const first = await rushWithFault(cluster, signers, nameOf, 10, () => killNine(victim.process.child.pid!));
      const failed = first.filter((a) => !("receipt" in a)).length;
      const last = await pressAgainUntilReceipt(cluster, signers, nameOf, first, { tries: 5, waitMs: 500 });
      for (const [i, attempt] of last.entries()) expect(attempt, `signer ${i} ends with a receipt`).toHaveProperty("receipt");
      const receipts = last.map((attempt) => (attempt as { receipt: string }).receipt);
      expect(new Set(receipts).size).toBe(emails.length);
      expect(await letterFigures(cluster.databaseUrl, letterId)).toEqual({
        status: "REVEALED",
        signatureCount: emails.length,
        signatures: emails.length,
        decoys: 0,
        reveals: 1,
      });
      // The crash was real: some requests were cut off, and nginx kept serving from the other instance.
      expect(victim.process.child.exitCode ?? victim.process.child.signalCode).not.toBeNull();
      console.info(`kill -9 mid-rush: ${failed} of ${emails.length} first presses got no receipt`);
    },
  );
});
