// The public record of a letter, as the domain gathers it: the letter as signed and
// its names, unsealed through the one unseal path (so only for a REVEALED or
// PUBLISHED letter), handed to publishing to make the record
// (app/publishing/snapshot.server.ts). And the stored record of a published letter.
import { db } from "~/db/client.server";
import { isPublished, letterStatus } from "~/domain/letters/lifecycle";
import { readRevealedSignatories, type Unnamed } from "~/domain/letters/unseal.server";
import { unnamedInRecord } from "~/domain/letters/name-conditions";
import { unnamedTeamCounts } from "~/domain/letters/team-counts";
import { domainsOf } from "~/domain/letters/work-email.server";
import { teamLabel, teamList } from "~/domain/letters/team-rules";
import { makeSnapshot, type PublishedSnapshot, type UnnamedRecord } from "~/publishing/snapshot.server";

/** The record as it stands now; the letter must be REVEALED or PUBLISHED (the unseal path refuses otherwise). */
export async function buildSnapshot(letterId: string, publishedAt: Date | null = null): Promise<PublishedSnapshot> {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
  // Each named signatory's team is published with the name (decision 018); a letter
  // without teams keeps the record it always had.
  const teams = teamList(letter.teams);
  const revealed = await readRevealedSignatories(letterId);
  const signatories = revealed.signatories.map(({ name, title, publicLine, team }) => ({
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
      unnamed: unnamedRecord(revealed.unnamed, teams),
    },
    publishedAt,
  );
}

/**
 * The unnamed as the record says them (decision 019): how many, and for a letter
 * with teams their per-team counts through the one suppression rule, the unnamed
 * alone (named signatories carry their team beside their name).
 */
function unnamedRecord(unnamed: Unnamed, teams: readonly string[]): UnnamedRecord | null {
  const statement = unnamedInRecord(unnamed.count);
  if (!statement) return null;
  if (teams.length === 0) return { count: unnamed.count, statement, teams: null };
  return { count: unnamed.count, statement, teams: unnamedTeamCounts(unnamed.byTeam, teams) };
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
