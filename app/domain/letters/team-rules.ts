// A letter's teams (decision 018): the short list a signer may pick one from,
// instead of naming a team in the free public line. Set on the draft, frozen once
// the letter opens; a signature stores the index of its team in this list.
import { z } from "zod";

export const MAX_TEAMS = 20;
export const MAX_TEAM_LABEL = 40;
// Letters (any script), digits, spaces and a little punctuation: enough for
// "Azure", "Xbox & Gaming" or "Research (Asia)", nothing that could pass for markup.
const TEAM_LABEL = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} &'’().,/+-]*$/u;

/** The labels as the organizers wrote them, one a line (or comma-separated), blank ones dropped. */
export function splitTeams(text: string) {
  return text
    .split(/[\n\r,]+/)
    .map((label) => label.trim().replace(/\s+/g, " "))
    .filter(Boolean);
}

/** Stored form (one label a line) → the list. */
export function teamList(stored: string) {
  return stored ? stored.split("\n") : [];
}

/** A team label by its stored index, or null for none or an index out of range. */
export function teamLabel(teams: readonly string[], index: number | null) {
  return index === null ? null : (teams[index] ?? null);
}

export const teamsField = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const teams = splitTeams(text ?? "");
    if (teams.length > MAX_TEAMS) ctx.addIssue({ code: "custom", message: `List at most ${MAX_TEAMS} teams.` });
    const long = teams.find((t) => t.length > MAX_TEAM_LABEL);
    if (long) ctx.addIssue({ code: "custom", message: `Keep each team to ${MAX_TEAM_LABEL} characters at most.` });
    const bad = teams.find((t) => !TEAM_LABEL.test(t));
    if (bad && !long)
      ctx.addIssue({ code: "custom", message: "Use letters, numbers, spaces and simple punctuation (& ' ( ) . , / + -) in team names." });
    const seen = new Set<string>();
    const twice = teams.find((t) => {
      const key = t.toLocaleLowerCase("en");
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    });
    if (twice) ctx.addIssue({ code: "custom", message: `“${twice}” is listed twice. Each team once.` });
    return teams;
  });
