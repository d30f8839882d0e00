// The start every PostgreSQL fault test shares: the recipe's cluster, its SMTP inbox
// known to the mail helpers, and an organizer signed up in a browser through the
// proxy; all of it stopped after the file's tests, even when one fails.
import { afterAll, beforeAll } from "vitest";
import { openBrowser } from "../../e2e/support/browser";
import { rememberSmtpInbox } from "../../e2e/support/mailbox";
import { signUpOrganizer } from "../../e2e/support/organizer";
import { type Cluster, startCluster } from "./cluster";

type Organized = { cluster: Cluster; organizer: Awaited<ReturnType<typeof openBrowser>>; organizerEmail: string };

/** Registers the start and the stop; the returned object is filled in before the first test. */
export function organizedCluster(options: Parameters<typeof startCluster>[0]): Organized {
  const held = {} as Organized;
  beforeAll(async () => {
    held.cluster = await startCluster(options);
    rememberSmtpInbox(held.cluster.url, held.cluster.smtp.received);
    held.organizer = await openBrowser({ ignoreHTTPSErrors: true });
    held.organizerEmail = (await signUpOrganizer(held.organizer.context, held.cluster.url)).email;
  });
  afterAll(async () => {
    await held.organizer?.close();
    await held.cluster?.stop();
  });
  return held;
}
