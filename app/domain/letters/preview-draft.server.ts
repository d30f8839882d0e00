// The draft form's "Preview": the letter as signers would read it, from the values
// typed so far. Nothing is stored, and no access is needed beyond the form's own.
import { renderLetterMarkdown } from "~/publishing/markdown.server";
import type { DraftInput } from "./draft-rules";

export function previewDraft({
  title,
  addressee,
  organizationName,
  body,
}: Pick<DraftInput, "title" | "addressee" | "organizationName" | "body">) {
  return { title, addressee, organizationName, bodyHtml: renderLetterMarkdown(body) };
}
