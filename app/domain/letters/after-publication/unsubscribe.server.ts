// One-click unsubscribe from a letter's updates (RFC 8058), without signing in: the
// link's secret is the only proof. It erases the contact address the mail went to
// (the sealed blob on the signature or decoy receipt), so nothing is mailed to it
// again and nothing of it is kept; after publication the address serves nothing
// else. A GET only shows the page with the button: mail scanners follow links.
import { hashSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { publicLetterPath } from "~/lib/public-urls";

/** The token's shape (randomSecret's alphabet and length); anything else is unknown without a database read. */
export const UNSUBSCRIBE_TOKEN = /^[a-km-np-z2-9]{24}$/;

async function linksOf(token: string) {
  if (!UNSUBSCRIBE_TOKEN.test(token)) return [];
  return db().unsubscribeLink.findMany({
    where: { tokenHash: hashSecret(token) },
    select: { letterId: true, recipientId: true, letter: { select: { title: true, publicSlug: true } } },
  });
}

/** What the unsubscribe page shows for `token`: the letter's title and page; throws unsubscribe-link-unknown. */
export async function unsubscribeTarget(token: string) {
  const [link] = await linksOf(token);
  if (!link) throw new AppError("unsubscribe-link-unknown");
  return { title: link.letter.title, publicPath: link.letter.publicSlug ? publicLetterPath(link.letter.publicSlug) : null };
}

/** Erases the contact address(es) the link's mail went to; doing it again changes nothing. */
export async function unsubscribeFromUpdates(token: string) {
  const links = await linksOf(token);
  if (links.length === 0) throw new AppError("unsubscribe-link-unknown");
  await db().$transaction(async (tx) => {
    for (const { letterId, recipientId } of links) {
      await tx.signature.updateMany({ where: { id: recipientId, letterId }, data: { sealedContact: null } });
      await tx.decoyReceipt.updateMany({ where: { id: recipientId, letterId }, data: { sealedContact: null } });
    }
  });
  return unsubscribeTarget(token);
}
