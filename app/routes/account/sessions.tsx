// Where the user is signed in: each session (this browser marked, the others with
// a button to sign them out) and signing out of all of them.
import { Form } from "@remix-run/react";
import { FormErrors, SubmitButton } from "~/components/forms";
import { Notice } from "~/components/notice";

type Session = { id: string; deviceLabel: string; lastActive: string; lastActiveAt: string; current: boolean };

type Props = {
  sessions: Session[];
  /** A session was just signed out from here. */
  revoked: boolean;
  /** What went wrong with these field-less forms. */
  errors: string[];
};

export function Sessions({ sessions, revoked, errors }: Props) {
  return (
    <section aria-labelledby="sessions-title" className="space-y-4">
      <h2 id="sessions-title" className="text-2xl font-semibold">
        Where you are signed in
      </h2>
      {revoked ? <Notice>That session was signed out.</Notice> : null}
      <FormErrors id="sessions-errors" errors={errors} />
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
                <SubmitButton name="intent" value="revoke-session" pendingText="Signing out…" className="button button-secondary">
                  Sign out
                  <span className="sr-only">
                    {" "}
                    {s.deviceLabel}, last active {s.lastActive}
                  </span>
                </SubmitButton>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" action="/account" className="space-y-3">
        <p>Lost a device, or not sure? Sign out of every session, this browser included.</p>
        <SubmitButton name="intent" value="sign-out-everywhere" pendingText="Signing out everywhere…" className="button button-secondary">
          Sign out everywhere
        </SubmitButton>
      </Form>
    </section>
  );
}
