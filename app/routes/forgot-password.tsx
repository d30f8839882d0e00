import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Notice } from "~/components/notice";
import { SignInEmailField } from "~/components/account-fields";
import { FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { signInEmail } from "~/domain/accounts/account-fields";
import { requestPasswordReset } from "~/domain/accounts/password-reset.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";
import { RESET_TTL_MS, durationInWords } from "~/lib/lifetimes";

export const meta: MetaFunction = () => [{ title: "Forgot your password? — Undersigned" }];

const schema = z.object({
  email: signInEmail,
});

export async function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get("sent") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    await requestPasswordReset(submission.value, { clientIp: context.clientIp });
    // The same answer whether or not the address has an account; the address is not echoed.
    return redirect("/forgot-password?sent=1");
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export default function ForgotPassword() {
  const { sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(schema, { lastResult });
  const focus = firstErrorField(fields, ["email"]);
  if (sent) {
    return (
      <div className="form-card">
        <h1 className="text-3xl font-bold">Check your email</h1>
        <Notice>
          If an account uses that address, we've sent a link to reset the password. It works for {durationInWords(RESET_TTL_MS)}.
        </Notice>
        <p>
          Nothing there after a few minutes? Look in your spam or junk folder, or <Link to="/forgot-password">ask again</Link>.
        </p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="form-card">
      <h1 className="text-3xl font-bold">Forgot your password?</h1>
      <p>Enter the email you sign in with. We'll send a link to choose a new password.</p>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SignInEmailField field={fields.email} autoFocus={focus === "email"} hint="Resetting the password signs you out everywhere." />
        <SubmitButton pendingText="Sending the link…">Send the link</SubmitButton>
      </Form>
      <p>
        Remembered it? <Link to="/login">Sign in</Link>.
      </p>
    </div>
  );
}
