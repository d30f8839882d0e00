// A letter's team counts as pages show them (decision 018). Before the reveal,
// only what the last count batch stored (never live rows, which would move with
// each signature); past it, the live counts, as the total is live then. Both go
// through the one suppression rule (team-counts.ts).
import type { Tx } from "~/db/client.server";
import { SMALL_COUNT } from "~/domain/letters/counts";
import { LetterStatus } from "~/domain/letters/lifecycle";
import { type ShownGroupCount, suppressTeamCounts } from "~/domain/letters/team-counts";
import { teamList } from "~/domain/letters/team-rules";
import { nameAtMetWhere } from "~/domain/letters/name-conditions";

/** One line of the team counts: a team (or null for "no team given") and its shown count (null: not shown). */
export type TeamCountLine = { team: string | null; count: ShownGroupCount };

/**
 * The true count per group among the given signatures: one per team in the
 * letter's order, then those who named none. Signatures only: a decoy receipt
 * holds no team and counts nowhere (decision 010).
 */
export async function countByTeam(
  client: Pick<Tx, "signature">,
  letterId: string,
  teams: readonly string[],
  onlyListed: boolean,
  namedAt: number | null = null,
) {
  const groups = await client.signature.groupBy({
    by: ["team"],
    where: {
      letterId,
      ...(onlyListed ? { listed: true } : {}),
      // Past the reveal: only the signatures whose names may be read (decision 019).
      ...(namedAt !== null ? nameAtMetWhere(namedAt) : {}),
    },
    _count: { _all: true },
  });
  const counts = [...teams.map(() => 0), 0];
  for (const group of groups) {
    // An index past the list cannot be stored through signLetter; counted as "none" if it were.
    const at = group.team !== null && group.team < teams.length ? group.team : teams.length;
    counts[at]! += group._count._all;
  }
  return counts;
}

/** What a batch stores in Letter.teamCounts: the suppressed counts as JSON, or null for a letter without teams. */
export async function batchedTeamCounts(client: Pick<Tx, "signature">, letterId: string, storedTeams: string) {
  const teams = teamList(storedTeams);
  if (teams.length === 0) return null;
  return JSON.stringify(suppressTeamCounts(await countByTeam(client, letterId, teams, true)));
}

function lines(teams: readonly string[], shown: readonly ShownGroupCount[]): TeamCountLine[] {
  return [...teams, null].map((team, i) => ({ team, count: shown[i] ?? null }));
}

/**
 * The team counts a page shows, or null when the letter has no teams or nothing
 * may be shown. Before the reveal: the last batch's, and none while its total is
 * below five. Past it: live, through the same rule.
 */
export async function shownTeamCounts(
  client: Pick<Tx, "signature">,
  letter: { id: string; status: LetterStatus; teams: string; teamCounts: string | null; batchedCount: number; signatureCount: number },
): Promise<TeamCountLine[] | null> {
  const teams = teamList(letter.teams);
  if (teams.length === 0) return null;
  switch (letter.status) {
    case LetterStatus.OPEN:
    case LetterStatus.COOLING_OFF:
    case LetterStatus.AWAITING_TRUSTEES: {
      if (letter.batchedCount < SMALL_COUNT || !letter.teamCounts) return null;
      const stored = JSON.parse(letter.teamCounts) as ShownGroupCount[];
      return stored.length === teams.length + 1 ? lines(teams, stored) : null;
    }
    case LetterStatus.REVEALED:
    case LetterStatus.PUBLISHED: {
      // The named signatories only (decision 019): their teams are known to whoever
      // reads the names, so counting the unnamed here too would give the unnamed's
      // per-team counts away by subtraction. Those are shown apart, suppressed on
      // their own (the published record's `unnamed`).
      const shown = suppressTeamCounts(await countByTeam(client, letter.id, teams, false, letter.signatureCount));
      return shown.every((c) => c === null) ? null : lines(teams, shown);
    }
    case LetterStatus.DRAFT:
    case LetterStatus.EXPIRED:
    case LetterStatus.CANCELLED:
      return null;
  }
}
