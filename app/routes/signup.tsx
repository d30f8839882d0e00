import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { verificationCookie } from "~/auth/email-verification.server";
import { PasswordField } from "~/components/account-fields";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { NEW_PASSWORD_HINT, newPassword, signInEmail } from "~/domain/accounts/account-fields";
import { signUp } from "~/domain/accounts/sign-up.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";
import { singleLine } from "~/http/text-fields";

export const meta: MetaFunction = () => [{ title: "Create an organizer account — Undersigned" }];

const schema = z.object({
  email: signInEmail,
  displayName: singleLine(100, { required: "Enter the name your co-organizers know you by." }),
  password: newPassword("Choose a password."),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission, ["password"]);
  try {
    const verificationToken = await signUp(submission.value, { clientIp: context.clientIp });
    return redirect("/verify-email", {
      headers: { "Set-Cookie": verificationCookie(verificationToken) },
    });
  } catch (error) {
    return replyWithAppError(submission, error, ["password"]);
  }
}

export default function SignUp() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(schema, { lastResult });
  const focus = firstErrorField(fields, ["email", "displayName", "password"]);
  return (
    <div className="form-card">
      <h1 className="text-3xl font-bold">Create an organizer account</h1>
      <p>You need an account to write a letter. People who only sign a letter don't: they use the private link they were given.</p>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          field={fields.email}
          label="Your personal email"
          type="email"
          autoComplete="email"
          autoFocus={focus === "email"}
          hint="Use a personal address, not your work one: your employer runs the work mail server."
        />
        <Field
          field={fields.displayName}
          label="Your name"
          autoComplete="name"
          autoFocus={focus === "displayName"}
          hint="Shown to your co-organizers only."
        />
        <PasswordField
          field={fields.password}
          label="Password"
          kind="new"
          autoFocus={focus === "password"}
          hint={`${NEW_PASSWORD_HINT} A passphrase of a few unrelated words works well.`}
        />
        <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
      </Form>
      <p>
        Already have an account? <Link to="/login">Sign in</Link>.
      </p>
    </div>
  );
}
