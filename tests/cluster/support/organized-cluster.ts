// The start every PostgreSQL fault test shares: the recipe's cluster, its SMTP inbox
// known to the mail helpers, and an organizer signed up in a browser through the
// proxy; all of it stopped after the file's tests, even when one fails.
import { afterAll, beforeAll } from "vitest";
import { openBrowser } from "../../e2e/support/browser";
import { rememberSmtpInbox } from "../../e2e/support/mailbox";
import { signUpOrganizer } from "../../e2e/support/organizer";
import { type Cluster, startCluster } from "./cluster";
import { type VerifiedSigner, verifiedSigner } from "./http-signer";
import { openLetter } from "./letter";

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

/**
 * The start of every rush: a letter opened by the organizer, and `count` signers
 * (`tag` tells this test's addresses apart) who have each typed their code, one
 * after the other, and are ready to press "Sign" together.
 */
export async function letterWithSigners(
  { cluster, organizer }: Organized,
  { title, threshold, count, tag }: { title: string; threshold: number; count: number; tag: string },
) {
  const { letterId, shareUrl } = await openLetter(organizer.context, cluster.url, { title, threshold });
  const signers: VerifiedSigner[] = [];
  for (let i = 0; i < count; i++) signers.push(await verifiedSigner(cluster, shareUrl, `${tag}${i}@microsoft.com`));
  return { letterId, shareUrl, signers };
}
