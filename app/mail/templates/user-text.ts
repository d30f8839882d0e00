// Text that people typed (a display name, a journalist's name, the organizers'
// contact line) goes into mail set apart from ours: labelled, quoted, and never
// where it could pass for the service speaking (issue 13, finding 10). Forms
// already refuse line breaks in single-line fields; this holds for values stored
// before they did, and for anything that reaches a template another way.
import { NOT_SINGLE_LINE } from "~/http/text-fields";

const ANY_CONTROL = new RegExp(NOT_SINGLE_LINE.source, "gu");

/** One line, control characters and line breaks turned into spaces. */
export function oneLine(text: string) {
  return text.replace(ANY_CONTROL, " ").replace(/\s+/g, " ").trim();
}

/** `"…"`, on one line, for a label such as `Invited by: "…"`. */
export function quoted(text: string) {
  return `"${oneLine(text)}"`;
}

/** Several lines of someone's own words, each marked "> " as a quotation. */
export function quotedBlock(text: string) {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `> ${oneLine(line)}`.trimEnd())
    .join("\n");
}
