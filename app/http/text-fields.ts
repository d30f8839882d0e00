// Text fields that must stay on one line: names, titles, the organization, the
// addressee, labels. A carriage return or line feed in one let a "display name"
// start a paragraph of its own at the top of a mail (issue 13, finding 10); other
// control characters and bidirectional overrides can disguise one text as another,
// and PostgreSQL refuses NUL. Every single-line field in app/ is built from here.
import { z } from "zod";

// C0 and C1 controls (tab, CR and LF included), the Unicode line and paragraph
// separators, and the bidirectional embeddings, overrides and isolates.
export const NOT_SINGLE_LINE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
// The same, but line breaks and tabs allowed: for the few multi-line fields.
export const NOT_PLAIN_TEXT = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069](?<![\n\r\t])/u;

export const SINGLE_LINE_MESSAGE = "Use letters, numbers, spaces and punctuation only, on one line.";

type Messages = { required?: string; tooLong?: string; invalid?: string };

/**
 * A trimmed one-line string of at most `max` characters. With `required`, an empty
 * value is refused with that message; without, the caller decides (e.g. .optional()).
 */
export function singleLine(max: number, messages: Messages = {}) {
  const base = z.string(messages.required ? { message: messages.required } : undefined).trim();
  const sized = (messages.required ? base.min(1, messages.required) : base).max(max, messages.tooLong ?? `Use at most ${max} characters.`);
  return sized.refine((value) => !NOT_SINGLE_LINE.test(value), messages.invalid ?? SINGLE_LINE_MESSAGE);
}

/** Several lines of plain text: line breaks allowed, other control characters not. */
export function plainText(max: number, messages: Messages = {}) {
  const base = z.string(messages.required ? { message: messages.required } : undefined).trim();
  const sized = (messages.required ? base.min(1, messages.required) : base).max(max, messages.tooLong ?? `Use at most ${max} characters.`);
  return sized.refine((value) => !NOT_PLAIN_TEXT.test(value), messages.invalid ?? "Use letters, numbers, spaces and punctuation only.");
}
