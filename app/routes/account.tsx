import { type SubmissionResult, getFormProps} from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { clearSessionCookie, requireUser } from "~/auth/current-user.server";
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RECOMMENDED } from "~/auth/password-rules";
import { listSecurityEvents } from "~/auth/security-events.server";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { changePassword } from "~/domain/accounts/change-password.server";
import { deleteAccount } from "~/domain/accounts/delete-account.server";
import { listSessions, revokeSession, signOutEverywhere } from "~/domain/accounts/manage-sessions.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";

export const meta: MetaFunction = () => [{ title: "Your account — Undersigned" }];

const PASSWORD_FIELDS = ["currentPassword", "newPassword", "password"];

// Each form's own fields (also its client-side check); the action takes the union, by intent.
const changePasswordFields = z.object({
  currentPassword: z
    .string({ message: "Enter your current password." })
    .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  newPassword: z
    .string({ message: "Choose a new password." })
    .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters (${PASSWORD_RECOMMENDED} or more is better).`)
    .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
});

const deleteAccountFields = z.object({
  password: z
    .string({ message: "Enter your password to confirm." })
    .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
});

const schema = z.discriminatedUnion("intent", [
  changePasswordFields.extend({ intent: z.literal("change-password") }),
  z.object({ intent: z.literal("revoke-session"), sessionId: z.string({ message: "Choose a session." }).max(100) }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
  deleteAccountFields.extend({ intent: z.literal("delete-account") }),
]);

/** "28 November" (with the year when it is not this year), in UTC so server and browser agree. */
function dateInWords(date: Date, now: Date) {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    ...(date.getUTCFullYear() === now.getUTCFullYear() ? {} : { year: "numeric" }),
    timeZone: "UTC",
  }).format(date);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session } = await requireUser(request);
  const [sessions, events] = await Promise.all([listSessions(user.id), listSecurityEvents(user.id)]);
  const now = new Date();
  return {
    user: { displayName: user.displayName, email: user.email },
    sessions: sessions
      .map((s) => ({
        id: s.id,
        deviceLabel: s.deviceLabel,
        lastActive: dateInWords(s.lastActiveAt, now),
        lastActiveAt: s.lastActiveAt.toISOString(),
        current: s.id === session.id,
      }))
      .sort((a, b) => Number(b.current) - Number(a.current)),
    events: events.map((e) => ({
      id: e.id,
      label: e.label,
      detail: e.detail,
      date: dateInWords(e.createdAt, now),
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

function Notice({ children }: { children: string }) {
  return (
    <p role="status" className="rounded-md border border-accent-300 bg-accent-50 p-4">
      {children}
    </p>
  );
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

      <section aria-labelledby="sessions-title" className="space-y-4">
        <h2 id="sessions-title" className="text-2xl font-semibold">
          Where you are signed in
        </h2>
        {done === "session-revoked" ? <Notice>That session was signed out.</Notice> : null}
        <FormErrors id="sessions-errors" errors={sessionErrors} />
        <ul className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <p className="font-medium">
                  {s.deviceLabel}
                  {s.current ? <span className="ml-2 text-sm font-semibold text-accent-800">(this browser)</span> : null}
                </p>
                <p className="text-sm text-stone-700">
                  Last active <time dateTime={s.lastActiveAt}>{s.lastActive}</time>
                </p>
              </div>
              {s.current ? null : (
                <Form method="post" action="/account">
                  <input type="hidden" name="sessionId" value={s.id} />
                  <SubmitButton
                    name="intent"
                    value="revoke-session"
                    pendingText="Signing out…"
                    className="button button-secondary"
                  >
                    Sign out<span className="sr-only"> {s.deviceLabel}, last active {s.lastActive}</span>
                  </SubmitButton>
                </Form>
              )}
            </li>
          ))}
        </ul>
        <Form method="post" action="/account" className="space-y-3">
          <p>Lost a device, or not sure? Sign out of every session, this browser included.</p>
          <SubmitButton
            name="intent"
            value="sign-out-everywhere"
            pendingText="Signing out everywhere…"
            className="button button-secondary"
          >
            Sign out everywhere
          </SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="history-title" className="space-y-4">
        <h2 id="history-title" className="text-2xl font-semibold">
          Security history
        </h2>
        <p className="text-sm text-stone-700">What happened to your account recently, newest first.</p>
        {events.length === 0 ? (
          <p>Nothing yet.</p>
        ) : (
          <ol className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
            {events.map((e) => (
              <li key={e.id} className="flex flex-wrap gap-x-4 p-3">
                <time dateTime={e.createdAt} className="w-32 shrink-0 text-stone-700">
                  {e.date}
                </time>
                <span>
                  <span className="font-medium">{e.label}</span>
                  {e.detail ? <span className="text-stone-700"> — {e.detail}</span> : null}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="delete-title" className="form-card">
        <h2 id="delete-title" className="text-2xl font-semibold">
          Delete your account
        </h2>
        <p>
          This deletes your account, your sessions, your security history and your drafts at once. It is permanent:
          it cannot be undone, and nothing can be recovered afterwards. While you are the only organizer of a letter
          that is collecting signatures, cancel or publish it first: signers must not be left with nobody to finish it.
        </p>
        <DeleteAccountForm
          key={answerFor("delete-account") ? "delete-account-answered" : "delete-account"}
          lastResult={answerFor("delete-account")}
        />
      </section>
    </div>
  );
}

type FormProps = { lastResult: SubmissionResult<string[]> | undefined };

function ChangePasswordForm({ lastResult }: FormProps) {
  const [form, fields] = useZodForm(changePasswordFields, { id: "change-password", lastResult });
  const focus = firstErrorField(fields, ["currentPassword", "newPassword"]);
  return (
    <Form method="post" action="/account" {...getFormProps(form)} className="form-card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        field={fields.currentPassword}
        label="Current password"
        type="password"
        autoComplete="current-password"
        autoFocus={focus === "currentPassword"}
      />
      <Field
        field={fields.newPassword}
        label="New password"
        type="password"
        autoComplete="new-password"
        autoFocus={focus === "newPassword"}
        hint={`At least ${PASSWORD_MIN} characters; ${PASSWORD_RECOMMENDED} or more is better. Your other sessions will be signed out.`}
      />
      <SubmitButton name="intent" value="change-password" pendingText="Changing the password…">
        Change password
      </SubmitButton>
    </Form>
  );
}

function DeleteAccountForm({ lastResult }: FormProps) {
  const [form, fields] = useZodForm(deleteAccountFields, { id: "delete-account", lastResult });
  const focus = firstErrorField(fields, ["password"]);
  return (
    <Form method="post" action="/account" {...getFormProps(form)} className="form-card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        field={fields.password}
        label="Your password, to confirm"
        type="password"
        autoComplete="current-password"
        autoFocus={focus === "password"}
      />
      <SubmitButton
        name="intent"
        value="delete-account"
        pendingText="Deleting your account…"
        className="button border-red-800 bg-red-800 text-white hover:bg-red-900"
      >
        Delete my account permanently
      </SubmitButton>
    </Form>
  );
}
