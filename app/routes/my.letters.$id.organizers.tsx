// Who organizes a letter: its organizers, pending invitations (which any organizer
// may cancel) and the invitation form. Nested under my.letters.$id (flat routes),
// which renders this page in place of the dashboard through its outlet.
import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { Field, FormErrors, RowActionForm, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { MAX_ORGANIZERS, cancelInvitation, inviteOrganizer, listOrganizers } from "~/domain/letters/co-organizers.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { formatDay } from "~/lib/dates";
import { isClosed } from "~/domain/letters/lifecycle";
import { dashboardPath } from "~/lib/organizer-paths";
import type { loader as dashboardLoader } from "./my.letters.$id";
import { letterIdFrom } from "~/http/letter-param.server";
import { organizerSubmission } from "~/http/organizer-form.server";
import { LetterPageHeader } from "~/components/letter-page-header";

const DASHBOARD = "routes/my.letters.$id";

export const meta: MetaFunction<null, { [DASHBOARD]: typeof dashboardLoader }> = ({ matches }) => {
  const title = matches.find((m) => m.id === DASHBOARD)?.data?.letter.title;
  return [{ title: title ? `Organizers of “${title}” — Undersigned` : "Organizers — Undersigned" }];
};

const inviteFields = z.object({
  email: z.email({ message: "Enter an email address, like name@example.org." }).max(254, "Use at most 254 characters."),
});
const schema = z.discriminatedUnion("intent", [
  inviteFields.extend({ intent: z.literal("invite") }),
  z.object({ intent: z.literal("cancel-invitation"), invitationId: z.uuid() }),
]);

const ROLE_WORDS: Record<string, string> = { owner: "Author", "co-organizer": "Co-organizer" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const view = await listOrganizers(user.id, letterIdFrom(params));
  return {
    letter: view.letter,
    canInvite: view.canInvite,
    maxOrganizers: MAX_ORGANIZERS,
    organizers: view.organizers.map((o) => ({
      displayName: o.displayName,
      role: ROLE_WORDS[o.role] ?? o.role,
      isYou: o.isYou,
      since: formatDay(o.since),
      sinceDay: o.since.slice(0, 10),
    })),
    invitations: view.invitations.map((i) => ({
      id: i.id,
      email: i.email,
      invitedBy: i.invitedBy,
      invitedAt: formatDay(i.invitedAt),
      invitedDay: i.invitedAt.slice(0, 10),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, letterId, submission } = await organizerSubmission(request, params, schema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    switch (submission.value.intent) {
      case "invite":
        await inviteOrganizer(user.id, letterId, submission.value.email);
        // The same answer whether or not the address has an account.
        return redirect(`${dashboardPath(letterId, "organizers")}?invited=1`);
      case "cancel-invitation": {
        const invitationLetterId = await cancelInvitation(user.id, submission.value.invitationId);
        return redirect(dashboardPath(invitationLetterId, "organizers"));
      }
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export default function Organizers() {
  const { letter, canInvite, maxOrganizers, organizers, invitations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const intent = lastResult?.initialValue?.intent;
  const invited = searchParams.get("invited") === "1" && !lastResult;

  const [form, fields] = useZodForm(inviteFields, { id: "invite-organizer", lastResult: intent === "invite" ? lastResult : undefined });
  const focus = firstErrorField(fields, ["email"]);
  // Errors of a cancel (or of a request with no known intent) show at the top.
  const otherErrors = lastResult && intent !== "invite" ? Object.values(lastResult.error ?? {}).flatMap((e) => e ?? []) : [];

  return (
    <div className="space-y-10">
      <LetterPageHeader letterId={letter.id} eyebrow={letter.title} title="Organizers">
        <p className="max-w-3xl">
          Every organizer sees this dashboard and can do everything you can: edit the draft, open, cancel or publish the letter, and invite
          others. Invite only people you trust. Organizers see each other's names, never each other's email addresses.
        </p>
        <FormErrors id="organizers-errors" errors={otherErrors} />
        {invited ? (
          <p role="status" className="max-w-3xl rounded-md border border-green-700 bg-green-50 p-4 text-green-900">
            Invitation sent. It waits for whoever signs in with that address, now or after creating an account.
          </p>
        ) : null}
      </LetterPageHeader>

      <section aria-labelledby="organizers-title" className="space-y-3">
        <h2 id="organizers-title" className="text-2xl font-semibold">
          Who runs this letter
        </h2>
        <ul className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
          {organizers.map((o, index) => (
            <li key={`${o.displayName}-${index}`} className="flex flex-wrap items-baseline gap-x-4 p-3">
              <span className="font-medium">
                {o.displayName}
                {o.isYou ? " (you)" : null}
              </span>
              <span>{o.role}</span>
              <span className="text-stone-700">
                since <time dateTime={o.sinceDay}>{o.since}</time>
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="invitations-title" className="space-y-3">
        <h2 id="invitations-title" className="text-2xl font-semibold">
          Waiting invitations
        </h2>
        {invitations.length === 0 ? (
          <p>No invitation is waiting.</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-4 p-3">
                <div>
                  <p className="font-medium break-all">{i.email}</p>
                  <p className="text-sm text-stone-700">
                    Invited by {i.invitedBy} on <time dateTime={i.invitedDay}>{i.invitedAt}</time>
                  </p>
                </div>
                <RowActionForm
                  intent="cancel-invitation"
                  row={{ field: "invitationId", id: i.id }}
                  pendingText="Cancelling…"
                  label="Cancel"
                  rowName={`the invitation to ${i.email}`}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="invite-title" className="space-y-3">
        <h2 id="invite-title" className="text-2xl font-semibold">
          Invite a co-organizer
        </h2>
        {canInvite ? (
          <Form method="post" {...getFormProps(form)} className="form-card max-w-2xl">
            <FormErrors id={form.errorId} errors={form.errors} />
            <p>
              They get an email that names you but not the letter, and see the letter once they sign in with that address and accept. The
              invitation waits if they have no account yet.
            </p>
            <Field
              field={fields.email}
              label="Their personal email"
              type="email"
              autoComplete="off"
              autoFocus={focus === "email"}
              hint="The address they sign in with, or will sign up with. Not a work address: the employer reads work mail."
            />
            <SubmitButton name="intent" value="invite" pendingText="Sending the invitation…">
              Send the invitation
            </SubmitButton>
          </Form>
        ) : (
          <p>
            {isClosed(letter.status)
              ? "This letter is closed: there is nothing left to organize."
              : `A letter can have at most ${maxOrganizers} organizers, waiting invitations included. Cancel an invitation to invite someone else.`}
          </p>
        )}
      </section>
    </div>
  );
}
