import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { DraftForm } from "~/components/draft-form";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { answerDraftForm } from "~/http/draft-form-action.server";
import { MY_LETTERS_PATH } from "~/lib/organizer-paths";

export const meta: MetaFunction = () => [{ title: "New letter — Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  return answerDraftForm(request, async (input) => (await createDraft(user.id, input)).id);
}

export default function NewLetter() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">New letter</h1>
      <p className="max-w-3xl">
        Write the draft, preview it, and save it. Only you (and co-organizers you invite) can see a draft. When it reads right, open it from
        its dashboard: the text is then frozen and you get the private link to share.
      </p>
      <DraftForm
        lastResult={actionData}
        preview={actionData && "preview" in actionData ? actionData.preview : null}
        backTo={MY_LETTERS_PATH}
      />
    </div>
  );
}
