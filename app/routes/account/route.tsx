// The signed-in user's account: their details, their password, where they are
// signed in, what happened to the account lately, and deleting it. Each section's
// markup is beside this file; this module reads the page and answers its forms.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { clearSessionCookie, requireUser } from "~/auth/current-user.server";
import { Notice } from "~/components/notice";
import { accountOverview } from "~/domain/accounts/account-overview.server";
import { changePassword } from "~/domain/accounts/change-password.server";
import { deleteAccount } from "~/domain/accounts/delete-account.server";
import { revokeSession, signOutEverywhere } from "~/domain/accounts/manage-sessions.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";
import { formatRecentDay } from "~/lib/dates";
import { ChangePasswordForm, DeleteAccountForm, changePasswordFields, deleteAccountFields } from "./password-forms";
import { SecurityHistory } from "./security-history";
import { Sessions } from "./sessions";

export const meta: MetaFunction = () => [{ title: "Your account — Undersigned" }];

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "password"];

// Each form's own fields (also its client-side check); the action takes the union, by intent.
const schema = z.discriminatedUnion("intent", [
  changePasswordFields.extend({ intent: z.literal("change-password") }),
  z.object({ intent: z.literal("revoke-session"), sessionId: z.string({ message: "Choose a session." }).max(100) }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
  deleteAccountFields.extend({ intent: z.literal("delete-account") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session } = await requireUser(request);
  const { sessions, events } = await accountOverview(user.id, session.id);
  const now = new Date();
  return {
    user: { displayName: user.displayName, email: user.email },
    sessions: sessions.map((s) => ({
      id: s.id,
      deviceLabel: s.deviceLabel,
      lastActive: formatRecentDay(s.lastActiveAt, now),
      lastActiveAt: s.lastActiveAt.toISOString(),
      current: s.current,
    })),
    events: events.map((e) => ({
      id: e.id,
      label: e.label,
      detail: e.detail,
      date: formatRecentDay(e.createdAt, now),
      createdAt: e.createdAt.toISOString(),
    })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireUser(request);
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission, PASSWORD_FIELDS);
  const input = submission.value;
  try {
    switch (input.intent) {
      case "change-password":
        await changePassword(
          { userId: user.id, currentSessionId: session.id },
          { currentPassword: input.currentPassword, newPassword: input.newPassword },
        );
        return redirect("/account?done=password-changed");
      case "revoke-session": {
        const revoked = await revokeSession(user.id, input.sessionId);
        return redirect(revoked ? "/account?done=session-revoked" : "/account");
      }
      case "sign-out-everywhere":
        await signOutEverywhere(user.id);
        return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
      case "delete-account":
        await deleteAccount(user.id, input.password);
        return redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
    }
  } catch (error) {
    return replyWithAppError(submission, error, PASSWORD_FIELDS);
  }
}

export default function Account() {
  const { user, sessions, events, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = lastResult?.initialValue?.intent;
  // Each form shows only the answer to its own submission. A form remounts (its key
  // changes) when the answer is for another form, so no stale error stays behind.
  const answerFor = (formIntent: string) => (intent === formIntent ? lastResult : undefined);
  // The field-less forms (sessions): whatever went wrong is shown above the list.
  const sessionErrors =
    lastResult && intent !== "change-password" && intent !== "delete-account"
      ? Object.values(lastResult.error ?? {}).flatMap((errors) => errors ?? [])
      : [];

  return (
    <div className="max-w-3xl space-y-12">
      <h1 className="text-3xl font-bold">Your account</h1>

      <section aria-labelledby="details-title" className="space-y-3">
        <h2 id="details-title" className="text-2xl font-semibold">
          Your details
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
          <dt className="font-medium">Name</dt>
          <dd>{user.displayName}</dd>
          <dt className="font-medium">Email</dt>
          <dd className="break-all">{user.email}</dd>
        </dl>
        <p className="text-sm text-stone-700">Your name is shown to your co-organizers only. Nobody else sees your email.</p>
      </section>

      <section aria-labelledby="password-title" className="form-card">
        <h2 id="password-title" className="text-2xl font-semibold">
          Change password
        </h2>
        {done === "password-changed" ? <Notice>Password changed. Your other sessions were signed out.</Notice> : null}
        <ChangePasswordForm
          key={answerFor("change-password") ? "change-password-answered" : "change-password"}
          lastResult={answerFor("change-password")}
        />
      </section>

      <Sessions sessions={sessions} revoked={done === "session-revoked"} errors={sessionErrors} />

      <SecurityHistory events={events} />

      <section aria-labelledby="delete-title" className="form-card">
        <h2 id="delete-title" className="text-2xl font-semibold">
          Delete your account
        </h2>
        <p>
          This deletes your account, your sessions, your security history and your drafts at once. It is permanent: it cannot be undone, and
          nothing can be recovered afterwards. While you are the only organizer of a letter that is collecting signatures, cancel or publish
          it first: signers must not be left with nobody to finish it.
        </p>
        <DeleteAccountForm
          key={answerFor("delete-account") ? "delete-account-answered" : "delete-account"}
          lastResult={answerFor("delete-account")}
        />
      </section>
    </div>
  );
}
