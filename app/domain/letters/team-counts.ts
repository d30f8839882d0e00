// Which per-team counts a page may show (decision 018). A team count is a channel
// like the total (privacy promise 4): a count of 1–4 would single people out, and
// so would a count a watcher can work out by subtracting the shown ones from the
// shown total. The signers who named no team are a group like any team.
//
// The rule hides every group whose count is at most some threshold t, the smallest
// t ≥ 4 at which what is hidden is safe: at least two different counts among the
// hidden groups, adding up to at least SMALL_COUNT. If no threshold is safe, every
// group is hidden. Why this is enough: the hidden set depends only on the multiset
// of counts (ties are hidden or shown together, never split by a name or an order),
// so swapping the counts of two hidden groups gives the same page; with two
// different counts among them, every hidden group has at least two possible values
// for a watcher who knows this rule, the total and every shown count. Their sum is
// never a small count. tests/unit/team-counts.property.test.ts checks it by brute
// force. Below SMALL_COUNT in all, nothing is shown (the total reads "fewer than 5").
import { SMALL_COUNT } from "~/domain/letters/counts";

/** A group's count as a page shows it: the number, or null when it is hidden. */
export type ShownGroupCount = number | null;

/**
 * Per-group counts → what may be shown, index for index. `counts` are the true
 * counts at the batch (the teams in the letter's order, and the "no team" group);
 * their sum is the total the batch shows.
 */
export function suppressTeamCounts(counts: readonly number[]): ShownGroupCount[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total < SMALL_COUNT) return counts.map(() => null);
  const threshold = safeThreshold(counts);
  return counts.map((c) => (c <= threshold ? null : c));
}

function safeThreshold(counts: readonly number[]) {
  const candidates = [...new Set(counts.filter((c) => c >= SMALL_COUNT - 1))].sort((a, b) => a - b);
  if (!candidates.includes(SMALL_COUNT - 1)) candidates.unshift(SMALL_COUNT - 1);
  for (const t of candidates) {
    const hidden = counts.filter((c) => c <= t);
    if (hidden.length === 0) return t;
    const sum = hidden.reduce((s, c) => s + c, 0);
    if (new Set(hidden).size >= 2 && sum >= SMALL_COUNT) return t;
  }
  return Infinity;
}

/**
 * Rows grouped by team index (as the database groups them) → the true count per
 * group: the teams in the letter's order, then "no team". An index past the list
 * (never stored through signLetter) counts as "no team".
 */
export function countsPerGroup(groups: readonly { team: number | null; count: number }[], teamCount: number): number[] {
  const counts = [...Array.from({ length: teamCount }, () => 0), 0];
  for (const group of groups) {
    const at = group.team !== null && group.team < teamCount ? group.team : teamCount;
    counts[at]! += group.count;
  }
  return counts;
}

/**
 * The team counts of the signers left unnamed at publication (decision 019): the
 * unnamed alone, through the one rule, team by team (null where hidden).
 */
export function unnamedTeamCounts(groups: readonly { team: number | null; count: number }[], teams: readonly string[]) {
  const shown = suppressTeamCounts(countsPerGroup(groups, teams.length));
  return [...teams, null].map((team, i) => ({ team, count: shown[i] ?? null }));
}
