// Both draft pages (new and edit) answer their form the same way: "Preview" renders
// the text and stores nothing (the reply keeps the values); "Save draft" stores it
// through `save` and goes to the letter's dashboard.
import { redirect } from "@remix-run/node";
import type { z } from "zod";
import { draftFormSchema } from "~/components/draft-form";
import { previewDraft } from "~/domain/letters/preview-draft.server";
import { dashboardPath } from "~/lib/organizer-paths";
import { invalidSubmission, replyWithAppError } from "./form.server";
import { parseForm } from "./read-form.server";

type DraftInput = Omit<z.output<typeof draftFormSchema>, "intent">;

/** `save` stores the draft and returns its letter's id. */
export async function answerDraftForm(request: Request, save: (input: DraftInput) => Promise<string>) {
  const submission = await parseForm(request, draftFormSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  const { intent, ...input } = submission.value;
  if (intent === "preview") return { ...submission.reply(), preview: previewDraft(input) };
  try {
    return redirect(dashboardPath(await save(input)));
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}
