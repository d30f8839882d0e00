// One organizer letter, /my/letters/<id>: the layout of its pages — the dashboard
// (my.letters.$id._index), edit, review, press and organizers — each rendered in its
// place through the outlet. Its loader gives them the letter as they all need it
// (page titles, the edit form), never a name: only the dashboard's own loader unseals.
//
// Its action opens or cancels the letter. The dashboard's forms post to the letter's
// own address (this route), and the answer reaches the dashboard through the outlet.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Outlet, useActionData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { letterConfirmationSchema } from "~/domain/letters/letter-confirmations";
import { openLetter } from "~/domain/letters/open-letter.server";
import { viewOrganizerLetter } from "~/domain/letters/view-letter.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { letterIdFrom } from "~/http/letter-param.server";
import { parseForm } from "~/http/read-form.server";
import { dashboardPath } from "~/lib/organizer-paths";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { letter: await viewOrganizerLetter(user.id, letterIdFrom(params)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const letterId = letterIdFrom(params);
  const submission = await parseForm(request, letterConfirmationSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    // A non-organizer gets the domain's NotFoundError: rethrown, answered 404.
    switch (submission.value.intent) {
      case "open":
        await openLetter(user, letterId);
        return redirect(dashboardPath(letterId));
      case "cancel":
        await cancelLetter(user.id, letterId);
        return redirect(dashboardPath(letterId));
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

/** The answer to the dashboard's forms, as the dashboard reads it (useOutletContext). */
export type LetterActionData = ReturnType<typeof useActionData<typeof action>>;

export default function LetterLayout() {
  const answer: LetterActionData = useActionData<typeof action>();
  return <Outlet context={answer} />;
}
