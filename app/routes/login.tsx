import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getCurrentSession, safeRedirectPath, sessionCookie } from "~/auth/current-user.server";
import { Notice } from "~/components/notice";
import { PasswordField, SignInEmailField } from "~/components/account-fields";
import { FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { signInEmail, typedPassword } from "~/domain/accounts/account-fields";
import { logIn } from "~/domain/accounts/log-in.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";

export const meta: MetaFunction = () => [{ title: "Sign in — Undersigned" }];

const schema = z.object({
  email: signInEmail,
  password: typedPassword("Enter your password."),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = url.searchParams.get("redirectTo");
  const current = await getCurrentSession(request);
  if (current?.user.emailVerifiedAt) throw redirect(safeRedirectPath(redirectTo));
  return { redirectTo, passwordReset: url.searchParams.get("reset") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission, ["password"]);
  try {
    const result = await logIn(submission.value, {
      clientIp: context.clientIp,
      userAgent: request.headers.get("User-Agent"),
    });
    return redirect(safeRedirectPath(submission.value.redirectTo), {
      headers: { "Set-Cookie": sessionCookie(result.sessionToken, result.expiresAt) },
    });
  } catch (error) {
    return replyWithAppError(submission, error, ["password"]);
  }
}

export default function LogIn() {
  const { redirectTo, passwordReset } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(schema, { lastResult });
  const focus = firstErrorField(fields, ["email", "password"]);
  return (
    <div className="form-card">
      <h1 className="text-3xl font-bold">Sign in</h1>
      {passwordReset ? <Notice>Your password was changed. Sign in with the new one.</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <SignInEmailField field={fields.email} autoFocus={focus === "email"} />
        <PasswordField field={fields.password} label="Password" kind="current" autoFocus={focus === "password"} />
        <p>
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
      </Form>
      <p>
        No account yet? <Link to="/signup">Create one</Link>. People who only sign a letter don't need one.
      </p>
    </div>
  );
}
