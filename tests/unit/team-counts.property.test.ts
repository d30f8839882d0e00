// The team-count rule (decision 018) against a watcher who knows it: for any team
// sizes, enumerate every assignment of counts that would make the page look the
// same (the same total, the same shown counts, the same hidden groups) and check
// that no hidden group's count is pinned down, and that the hidden groups together
// never add up to a small count. The rule is the same before the reveal (at each
// batch) and after publication (for the unnamed signatories), so one property
// covers both.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { SMALL_COUNT } from "~/domain/letters/counts";
import { countsPerGroup, suppressTeamCounts, unnamedTeamCounts } from "~/domain/letters/team-counts";

/** What a watcher sees: the total (null when it reads "fewer than 5") and each group's shown count. */
function page(counts: number[]) {
  const total = counts.reduce((s, c) => s + c, 0);
  return { total: total < SMALL_COUNT ? null : total, groups: suppressTeamCounts(counts) };
}

function samePage(a: ReturnType<typeof page>, b: ReturnType<typeof page>) {
  return a.total === b.total && a.groups.every((g, i) => g === b.groups[i]);
}

/** Every way to give `parts` groups counts adding up to `sum`. */
function* compositions(sum: number, parts: number): Generator<number[]> {
  if (parts === 0) {
    if (sum === 0) yield [];
    return;
  }
  for (let first = 0; first <= sum; first++) for (const rest of compositions(sum - first, parts - 1)) yield [first, ...rest];
}

/** Each hidden group's possible counts, over every assignment that shows the same page. */
function possibleHiddenCounts(counts: number[]) {
  const seen = page(counts);
  const hidden = seen.groups.flatMap((g, i) => (g === null ? [i] : []));
  const shownSum = seen.groups.reduce<number>((s, g) => s + (g ?? 0), 0);
  const sums = seen.total === null ? [0, 1, 2, 3, 4] : [seen.total - shownSum];
  const possible = new Map(hidden.map((i) => [i, new Set<number>()]));
  for (const sum of sums) {
    for (const values of compositions(sum, hidden.length)) {
      const world: number[] = seen.groups.map((g) => g ?? 0);
      hidden.forEach((i, j) => (world[i] = values[j]!));
      if (!samePage(page(world), seen)) continue;
      hidden.forEach((i, j) => possible.get(i)!.add(values[j]!));
    }
  }
  return { seen, hidden, possible };
}

function expectNothingPinnedDown(counts: number[]) {
  const { seen, hidden, possible } = possibleHiddenCounts(counts);
  for (const i of hidden) {
    expect(possible.get(i)!.has(counts[i]!), "the true count is among the possible ones").toBe(true);
    expect(possible.get(i)!.size, `group ${i} of ${JSON.stringify(counts)} is pinned down`).toBeGreaterThanOrEqual(2);
  }
  if (seen.total !== null && hidden.length > 0) {
    const hiddenSum = hidden.reduce((s, i) => s + counts[i]!, 0);
    expect(hiddenSum, "the hidden groups together are not a small count").toBeGreaterThanOrEqual(SMALL_COUNT);
  }
  // A shown count is never a small count.
  for (const g of seen.groups) if (g !== null) expect(g).toBeGreaterThanOrEqual(SMALL_COUNT);
}

describe("team counts a page shows", () => {
  it("show every group when all are at least five, and nothing below five in all", () => {
    expect(suppressTeamCounts([5, 9, 12])).toEqual([5, 9, 12]);
    expect(suppressTeamCounts([1, 2, 1])).toEqual([null, null, null]);
    expect(suppressTeamCounts([0, 0])).toEqual([null, null]);
  });

  it("hide a small team together with the next smallest, so subtraction gives nothing", () => {
    expect(suppressTeamCounts([3, 7, 20])).toEqual([null, null, 20]);
    // Two small teams adding up to under five pull in the next smallest too.
    expect(suppressTeamCounts([1, 2, 8, 30])).toEqual([null, null, null, 30]);
    // Two hidden teams with the same count would be pinned by their sum: one more is hidden.
    expect(suppressTeamCounts([4, 4, 9, 30])).toEqual([null, null, null, 30]);
    // Ties are hidden together, never split by a team's name or place.
    expect(suppressTeamCounts([3, 7, 7, 20])).toEqual([null, null, null, 20]);
  });

  it("pin down no hidden group for any sizes of three groups up to 12", () => {
    for (let a = 0; a <= 12; a++) for (let b = 0; b <= 12; b++) for (let c = 0; c <= 12; c++) expectNothingPinnedDown([a, b, c]);
  });

  it("pin down no hidden group for any sizes of two groups up to 40", () => {
    for (let a = 0; a <= 40; a++) for (let b = 0; b <= 40; b++) expectNothingPinnedDown([a, b]);
  });

  test.prop([fc.array(fc.oneof(fc.nat({ max: 6 }), fc.nat({ max: 12 })), { minLength: 2, maxLength: 5 })], { numRuns: 300 })(
    "pin down no hidden group, for random team sizes and totals",
    (counts) => expectNothingPinnedDown(counts),
  );

  test.prop([fc.array(fc.nat({ max: 100_000 }), { minLength: 2, maxLength: 21 })])(
    "show a count only when it is at least five, and the true one",
    (counts) => {
      const shown = suppressTeamCounts(counts);
      expect(shown).toHaveLength(counts.length);
      shown.forEach((g, i) => {
        if (g !== null) expect(g).toBe(counts[i]);
        if (g !== null) expect(g).toBeGreaterThanOrEqual(SMALL_COUNT);
      });
      const hidden = counts.filter((_, i) => shown[i] === null);
      if (hidden.length > 0) expect(new Set(hidden).size >= 2 || hidden.length === counts.length).toBe(true);
    },
  );
});

// Decision 019: the signers left unnamed at publication. Their total is printed
// exactly ("And 3 more verified signatories who…"), their team counts go through the
// same rule on their own (unnamedTeamCounts), and the named ones' teams are beside
// their names. A watcher who knows the exact unnamed total and every shown team
// count must still not pin any hidden team's count down. (With none unnamed, the record says nothing.)
describe("the unnamed's team counts", () => {
  function possibleWithExactTotal(counts: number[]) {
    const shown = suppressTeamCounts(counts);
    const total = counts.reduce((s, c) => s + c, 0);
    const hidden = shown.flatMap((g, i) => (g === null ? [i] : []));
    const shownSum = shown.reduce<number>((s, g) => s + (g ?? 0), 0);
    const possible = new Map(hidden.map((i) => [i, new Set<number>()]));
    for (const values of compositions(total - shownSum, hidden.length)) {
      const world: number[] = shown.map((g) => g ?? 0);
      hidden.forEach((i, j) => (world[i] = values[j]!));
      const again = suppressTeamCounts(world);
      if (!again.every((g, i) => g === shown[i])) continue;
      hidden.forEach((i, j) => possible.get(i)!.add(values[j]!));
    }
    return { hidden, possible };
  }

  test.prop(
    [
      fc
        .integer({ min: 1, max: 4 })
        .chain((teams) => fc.tuple(fc.constant(teams), fc.array(fc.option(fc.nat({ max: teams - 1 })), { minLength: 1, maxLength: 30 }))),
    ],
    { numRuns: 300 },
  )("are the rule applied to the unnamed alone, and pin no hidden team down even with the exact total shown", ([teamCount, picks]) => {
    const teams = Array.from({ length: teamCount }, (_, i) => `Team ${i}`);
    const groups = [...teams.map((_, i) => i), null].map((team) => ({ team, count: picks.filter((p) => p === team).length }));
    const lines = unnamedTeamCounts(groups, teams);
    const counts = countsPerGroup(groups, teams.length);
    expect(lines.map((l) => l.count)).toEqual(suppressTeamCounts(counts));
    expect(lines.map((l) => l.team)).toEqual([...teams, null]);
    const { hidden, possible } = possibleWithExactTotal(counts);
    for (const i of hidden) {
      expect(possible.get(i)!.has(counts[i]!)).toBe(true);
      expect(possible.get(i)!.size, `group ${i} of ${JSON.stringify(counts)} is pinned down`).toBeGreaterThanOrEqual(2);
    }
  });
});
