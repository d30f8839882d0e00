// The public record of a letter, as the domain gathers it: the letter as signed and
// its names, unsealed through the one unseal path (so only for a REVEALED or
// PUBLISHED letter), handed to publishing to make the record
// (app/publishing/snapshot.server.ts). And the stored record of a published letter.
import { db } from "~/db/client.server";
import { isPublished, letterStatus } from "~/domain/letters/lifecycle";
import { readRevealedSignatories } from "~/domain/letters/unseal.server";
import { domainsOf } from "~/domain/letters/work-email.server";
import { teamLabel, teamList } from "~/domain/letters/team-rules";
import { makeSnapshot, type PublishedSnapshot } from "~/publishing/snapshot.server";

/** The record as it stands now; the letter must be REVEALED or PUBLISHED (the unseal path refuses otherwise). */
export async function buildSnapshot(letterId: string, publishedAt: Date | null = null): Promise<PublishedSnapshot> {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
  // Each named signatory's team is published with the name (decision 018); a letter
  // without teams keeps the record it always had.
  const teams = teamList(letter.teams);
  const signatories = (await readRevealedSignatories(letterId)).map(({ name, title, publicLine, team }) => ({
    name,
    title,
    publicLine,
    ...(teams.length > 0 ? { team: teamLabel(teams, team) } : {}),
  }));
  return makeSnapshot(
    {
      title: letter.title,
      addressee: letter.addressee,
      organizationName: letter.organizationName,
      body: letter.body,
      textHash: letter.textHash!,
      allowedDomains: domainsOf(letter),
      openedAt: letter.openedAt!,
      revealedAt: letter.revealedAt!,
      signatories,
    },
    publishedAt,
  );
}

/** The stored record of a published letter, by its public slug; null when there is none. */
export async function publishedLetterBySlug(publicSlug: string) {
  const letter = await db().letter.findUnique({
    where: { publicSlug },
    select: { id: true, status: true, publishedAt: true, publishedSnapshot: true, publicSlug: true, recordChangedAt: true },
  });
  if (!letter || !isPublished(letterStatus(letter.status)) || !letter.publishedSnapshot || !letter.publishedAt) return null;
  return {
    id: letter.id,
    publicSlug: letter.publicSlug!,
    publishedAt: letter.publishedAt,
    /** When an update or the delivery last changed the public page (decision 017); null if never. */
    recordChangedAt: letter.recordChangedAt,
    snapshot: JSON.parse(letter.publishedSnapshot) as PublishedSnapshot,
  };
}
