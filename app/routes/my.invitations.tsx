// Invitations to co-organize, for the signed-in user's verified login address. The
// invitation mail links here without naming the letter: its title shows only now,
// to the holder of the invited address.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { FormErrors, SubmitButton } from "~/components/forms";
import { OrganizerStatusBadge } from "~/components/organizer-status-badge";
import { acceptInvitation, declineInvitation, listInvitationsFor } from "~/domain/letters/co-organizers.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { formatDay } from "~/lib/dates";
import { INVITATIONS_PATH, MY_LETTERS_PATH, dashboardPath } from "~/lib/organizer-paths";
import { parseForm } from "~/http/read-form.server";

// Letter titles stay out of the page title (browser history may sync elsewhere).
export const meta: MetaFunction = () => [{ title: "Invitations — Undersigned" }];

const schema = z.object({
  intent: z.enum(["accept", "decline"], { message: "Choose to accept or decline." }),
  invitationId: z.uuid({ message: "This invitation does not exist." }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const invitations = await listInvitationsFor(user);
  return {
    invitations: invitations.map((i) => ({
      id: i.id,
      letterTitle: i.letterTitle,
      letterStatus: i.letterStatus,
      invitedBy: i.invitedBy,
      invitedAt: formatDay(i.invitedAt),
      invitedDay: i.invitedAt.slice(0, 10),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    // Someone else's invitation is the domain's NotFoundError: rethrown, answered 404.
    if (submission.value.intent === "accept") {
      const letterId = await acceptInvitation(user, submission.value.invitationId);
      return redirect(dashboardPath(letterId));
    }
    await declineInvitation(user, submission.value.invitationId);
    return redirect(INVITATIONS_PATH);
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export default function Invitations() {
  const { invitations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const errors = lastResult ? Object.values(lastResult.error ?? {}).flatMap((e) => e ?? []) : [];

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <p className="no-print">
          <Link to={MY_LETTERS_PATH}>← My letters</Link>
        </p>
        <h1 className="text-3xl font-bold">Invitations to co-organize</h1>
        <p className="max-w-3xl">
          Accepting makes you an organizer: you see the letter's dashboard and can do everything its other organizers can. They see your
          name, never your email address.
        </p>
        <FormErrors id="invitation-errors" errors={errors} />
      </header>

      {invitations.length === 0 ? (
        <div className="max-w-2xl space-y-3 rounded-lg border border-dashed border-stone-400 bg-white p-6">
          <p className="text-lg font-medium">No invitation is waiting for you.</p>
          <p>
            When an organizer invites the address you sign in with, the invitation shows up here. Meanwhile, see{" "}
            <Link to={MY_LETTERS_PATH}>your letters</Link>.
          </p>
        </div>
      ) : (
        <ul className="space-y-4">
          {invitations.map((i) => (
            <li key={i.id} className="space-y-3 rounded-lg border border-stone-300 bg-white p-5">
              <h2 className="text-xl font-semibold">{i.letterTitle}</h2>
              <p>
                <OrganizerStatusBadge status={i.letterStatus} />
              </p>
              <p>
                {i.invitedBy} invited you on <time dateTime={i.invitedDay}>{i.invitedAt}</time>.
              </p>
              <Form method="post" className="flex flex-wrap gap-3">
                <input type="hidden" name="invitationId" value={i.id} />
                <SubmitButton name="intent" value="accept" pendingText="Joining…">
                  Accept<span className="sr-only"> the invitation to “{i.letterTitle}”</span>
                </SubmitButton>
                <SubmitButton name="intent" value="decline" pendingText="Declining…" className="button button-secondary">
                  Decline<span className="sr-only"> the invitation to “{i.letterTitle}”</span>
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
