// The public record of a letter: exactly what publication shows, made from the
// revealed letter through the one unseal path. Final review and press previews
// build it live (the list may still change until publication); publishing stores
// it once (Letter.publishedSnapshot) and every public page and format is served
// from that stored copy, with no per-request unsealing or rendering.
import { db } from "~/db/client.server";
import { startOfDayUtc } from "~/domain/letters/audit.server";
import { renderLetterMarkdown } from "~/domain/letters/markdown.server";
import { readRevealedSignatories } from "~/domain/letters/unseal.server";
import { domainsOf } from "~/domain/letters/work-email.server";

export type PublishedSignatory = { name: string; title: string | null; publicLine: string | null };

export type PublishedSnapshot = {
  version: 1;
  title: string;
  addressee: string;
  organizationName: string;
  body: string; // Markdown, as signed
  bodyHtml: string; // rendered once, safely (no raw HTML, no images)
  textHash: string;
  allowedDomains: string[];
  openedAt: string;
  revealedAt: string;
  publishedAt: string | null; // null in a preview, before publication
  signatories: PublishedSignatory[]; // sorted by name
  count: number;
  /** e.g. "412 signatories each proved a work email at microsoft.com or github.com." */
  verificationStatement: string;
};

export function verificationStatement(count: number, domains: string[]) {
  const list = domains.length > 1 ? `${domains.slice(0, -1).join(", ")} or ${domains.at(-1)}` : (domains[0] ?? "");
  const who = count === 1 ? "1 signatory" : `${count.toLocaleString("en")} signatories each`;
  return `${who} proved a work email at ${list}.`;
}

/** The record as it stands now; the letter must be REVEALED or PUBLISHED (the unseal path refuses otherwise). */
export async function buildSnapshot(letterId: string, publishedAt: Date | null = null): Promise<PublishedSnapshot> {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
  const signatories = (await readRevealedSignatories(letterId)).map(({ name, title, publicLine }) => ({ name, title, publicLine }));
  const domains = domainsOf(letter);
  return {
    version: 1,
    title: letter.title,
    addressee: letter.addressee,
    organizationName: letter.organizationName,
    body: letter.body,
    bodyHtml: renderLetterMarkdown(letter.body),
    textHash: letter.textHash!,
    allowedDomains: domains,
    // Days only: the reveal's exact time is the moment of the signature that crossed the threshold.
    openedAt: startOfDayUtc(letter.openedAt!).toISOString(),
    revealedAt: startOfDayUtc(letter.revealedAt!).toISOString(),
    publishedAt: publishedAt?.toISOString() ?? null,
    signatories,
    count: signatories.length,
    verificationStatement: verificationStatement(signatories.length, domains),
  };
}

/** The stored record of a published letter, by its public slug; null when there is none. */
export async function publishedLetterBySlug(publicSlug: string) {
  const letter = await db().letter.findUnique({
    where: { publicSlug },
    select: { id: true, status: true, publishedAt: true, publishedSnapshot: true, publicSlug: true },
  });
  if (!letter || letter.status !== "PUBLISHED" || !letter.publishedSnapshot || !letter.publishedAt) return null;
  return {
    id: letter.id,
    publicSlug: letter.publicSlug!,
    publishedAt: letter.publishedAt,
    snapshot: JSON.parse(letter.publishedSnapshot) as PublishedSnapshot,
  };
}
