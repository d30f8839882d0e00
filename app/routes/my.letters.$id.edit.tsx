// Editing a draft. Nested under my.letters.$id (flat routes), the layout of a
// letter's pages, whose loader already checked access and loaded the letter: this
// page reuses that data.
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useRouteLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { DraftForm } from "~/components/draft-form";
import { FormErrors } from "~/components/forms";
import { updateDraft } from "~/domain/letters/draft-letter.server";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { hasOpened, isEditable } from "~/domain/letters/lifecycle";
import type { loader as letterLoader } from "./my.letters.$id";
import { letterIdFrom } from "~/http/letter-param.server";
import { answerDraftForm } from "~/http/draft-form-action.server";
import { dashboardPath } from "~/lib/organizer-paths";

const LETTER = "routes/my.letters.$id";

export const meta: MetaFunction<null, { [LETTER]: typeof letterLoader }> = ({ matches }) => {
  const title = matches.find((m) => m.id === LETTER)?.data?.letter.title;
  return [{ title: title ? `Edit “${title}” — Undersigned` : "Edit letter — Undersigned" }];
};

export async function action({ request, params: rawParams }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const letterId = letterIdFrom(rawParams);
  // Someone else's letter is a 404 here too (updateDraft alone would answer 409).
  await letterForOrganizer(user.id, letterId);
  return answerDraftForm(request, async (input) => {
    await updateDraft(user.id, letterId, input);
    return letterId;
  });
}

export default function EditLetter() {
  const loaded = useRouteLoaderData<typeof letterLoader>(LETTER);
  const actionData = useActionData<typeof action>();
  if (!loaded) return null;
  const { letter } = loaded;
  const dashboard = dashboardPath(letter.id);

  if (!isEditable(letter.status)) {
    return (
      <div className="max-w-2xl space-y-6">
        <h1 className="text-3xl font-bold">This letter can no longer be edited</h1>
        <FormErrors id="edit-errors" errors={actionData?.error?.[""] ?? undefined} />
        <p>
          {hasOpened(letter.status)
            ? "Its text was frozen when it opened: every signer signs exactly the same words, checked by the text fingerprint, so not even a typo can change now."
            : "It is closed, and only a draft can be edited."}
        </p>
        <p>
          <Link to={dashboard} className="button button-primary">
            Back to the dashboard
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <p>
        <Link to={dashboard}>← Dashboard</Link>
      </p>
      <h1 className="text-3xl font-bold">Edit the draft</h1>
      <p className="max-w-3xl">Only the letter's organizers can see a draft. The text is frozen once you open the letter.</p>
      <DraftForm
        lastResult={actionData}
        preview={actionData && "preview" in actionData ? actionData.preview : null}
        defaultValue={{
          title: letter.title,
          addressee: letter.addressee,
          organizationName: letter.organizationName,
          allowedDomains: letter.allowedDomains.join("\n"),
          body: letter.body,
          noteToSigners: letter.noteToSigners ?? "",
          threshold: String(letter.threshold),
          deadline: letter.deadline.slice(0, 10),
          teams: letter.teams.join("\n"),
          coolingOffHours: String(letter.coolingOffHours),
        }}
        backTo={dashboard}
      />
    </div>
  );
}
