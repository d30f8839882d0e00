// The team counts of the signers left unnamed at publication (decision 019), in one
// line for the public page and the PDF. Shared with the browser bundle.
/** The unnamed's team counts in one line ("Of them, by team: Azure 6, Bing 5, no team 7; other teams not shown."), or null when none is shown. */
export function unnamedTeamsLine(unnamed: { teams: { team: string | null; count: number | null }[] | null }) {
  const shown = (unnamed.teams ?? []).filter((t) => t.count !== null);
  if (shown.length === 0) return null;
  const parts = shown.map((t) => `${t.team ?? "no team given"} ${t.count!.toLocaleString("en")}`);
  const hidden = shown.length < unnamed.teams!.length ? "; the other groups are too small to show" : "";
  return `Of them, by team: ${parts.join(", ")}${hidden}.`;
}
