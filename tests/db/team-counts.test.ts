// Teams on a letter (decision 018): organizers list them on the draft, a signer
// picks one or none, and pages show per-team counts only as the last batch took
// them, suppressed. The suppression rule itself: tests/unit/team-counts.property.test.ts.
import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { updateDraft } from "~/domain/letters/draft-letter.server";
import { draftSchema } from "~/domain/letters/draft-rules";
import { privateSlug } from "~/domain/letters/private-link.server";
import { viewLetterBySlug } from "~/domain/letters/view-letter.server";
import { draftInput, openedLetter, signAs } from "../support/letters";

const HOUR = 60 * 60_000;
const form = (teams: string) => ({
  title: "T",
  addressee: "A",
  body: "B",
  organizationName: "Microsoft",
  allowedDomains: "microsoft.com",
  threshold: "5",
  deadline: new Date(Date.now() + 10 * 24 * HOUR).toISOString().slice(0, 10),
  teams,
});
const teamsProblem = (teams: string) => {
  const parsed = draftSchema.safeParse(form(teams));
  return parsed.success ? null : parsed.error.issues.find((i) => i.path[0] === "teams")?.message;
};

test("a draft's teams: one a line or comma-separated, at most 20, short, plain and each once", () => {
  expect(draftSchema.parse(form("Azure\n  Bing ,Research\n\n")).teams).toEqual(["Azure", "Bing", "Research"]);
  expect(draftSchema.parse(form("")).teams).toEqual([]);
  expect(draftSchema.parse({ ...form(""), teams: undefined }).teams).toEqual([]);
  expect(teamsProblem(Array.from({ length: 21 }, (_, i) => `Team ${i}`).join("\n"))).toBe("List at most 20 teams.");
  expect(teamsProblem("x".repeat(41))).toBe("Keep each team to 40 characters at most.");
  expect(teamsProblem("Azure\nazure")).toBe("“azure” is listed twice. Each team once.");
  expect(teamsProblem("<b>Azure</b>")).toMatch(/simple punctuation/);
  expect(teamsProblem("Xbox & Gaming\nResearch (Asia)\nÉquipe 2")).toBeNull();
});

test("teams are set on the draft and frozen once the letter opens", async () => {
  const { organizer, letter } = await openedLetter({ teams: ["Azure", "Bing"] });
  expect(letter.teams).toBe("Azure\nBing");
  await expect(updateDraft(organizer.id, letter.id, draftInput({ teams: ["Other"] }))).rejects.toBeInstanceOf(AppError);
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).teams).toBe("Azure\nBing");
});

test("a signature stores the index of its team; one outside the letter's list is refused, nothing stored", async () => {
  const { letter } = await openedLetter({ threshold: 50, teams: ["Azure", "Bing"] });
  await signAs(letter, "a@microsoft.com", { team: 1 });
  await signAs(letter, "b@microsoft.com", { team: null });
  await expect(signAs(letter, "c@microsoft.com", { team: 2 })).rejects.toMatchObject({ code: "invalid-signature" });
  const rows = await db().signature.findMany({ where: { letterId: letter.id }, select: { team: true }, orderBy: { team: "asc" } });
  expect(rows.map((r) => r.team).sort()).toEqual([1, null].sort());
  // A letter without teams takes none.
  const { letter: plain } = await openedLetter({ threshold: 50 });
  await expect(signAs(plain, "d@microsoft.com", { team: 0 })).rejects.toMatchObject({ code: "invalid-signature" });
});

test("team counts move only with the batch, suppressed, and live (still suppressed) past the reveal", async () => {
  const { letter } = await openedLetter({ threshold: 30, teams: ["Azure", "Bing", "Research"] });
  const slug = privateSlug(letter.id);
  for (let k = 0; k < 8; k++) await signAs(letter, `az${k}@microsoft.com`, { team: 0 });
  for (let k = 0; k < 6; k++) await signAs(letter, `bi${k}@microsoft.com`, { team: 1 });
  for (let k = 0; k < 5; k++) await signAs(letter, `re${k}@microsoft.com`, { team: 2 });
  for (let k = 0; k < 5; k++) await signAs(letter, `no${k}@microsoft.com`);
  expect((await viewLetterBySlug(slug))!.teamCounts).toBeNull();
  await publishCountBatches(new Date(Date.now() + HOUR));
  const counts = (page: Awaited<ReturnType<typeof viewLetterBySlug>>) => page!.teamCounts!.map((line) => line.count);
  expect(counts(await viewLetterBySlug(slug))).toEqual([8, 6, 5, 5]);
  // Stored as the page shows it, never the raw counts.
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).teamCounts).toBe("[8,6,5,5]");

  // One more in Research: nothing moves until the next batch; then Research is 6.
  await signAs(letter, "re5@microsoft.com", { team: 2 });
  expect(counts(await viewLetterBySlug(slug))).toEqual([8, 6, 5, 5]);
  await publishCountBatches(new Date(Date.now() + 2 * HOUR));
  expect(counts(await viewLetterBySlug(slug))).toEqual([8, 6, 6, 5]);

  // Past the reveal the counts are live, as the total is (through the same rule).
  for (let k = 0; k < 4; k++) await signAs(letter, `late${k}@microsoft.com`, { team: 0 });
  for (let k = 0; k < 2; k++) await signAs(letter, `late-none${k}@microsoft.com`);
  const revealed = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(revealed.status).toBe("REVEALED");
  expect(counts(await viewLetterBySlug(slug))).toEqual([12, 6, 6, 7]);
});
