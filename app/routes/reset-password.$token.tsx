import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { clearSessionCookie } from "~/auth/current-user.server";
import { PasswordField } from "~/components/account-fields";
import { FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { NEW_PASSWORD_HINT, newPassword } from "~/domain/accounts/account-fields";
import { checkPasswordResetLink, resetPassword } from "~/domain/accounts/password-reset.server";
import { appErrorData, invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";

// The token is a secret: never in the title (browsers sync history), never sent on as a Referer.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.error ? "This link no longer works — Undersigned" : "Choose a new password — Undersigned" },
  { name: "robots", content: "noindex" },
];

// No Referer leaves this page either: server/web.js sends Referrer-Policy on every response (once).
export const headers: HeadersFunction = () => ({
  "Cache-Control": "no-store",
});

const schema = z.object({
  password: newPassword("Choose a new password."),
});

// Mail scanners open links: the GET only looks, it consumes nothing.
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    await checkPasswordResetLink(params.token ?? "");
  } catch (error) {
    return appErrorData(error);
  }
  return { error: null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission, ["password"]);
  try {
    await resetPassword(params.token ?? "", submission.value.password, { clientIp: context.clientIp });
    // Every session ended, this browser's too.
    return redirect("/login?reset=1", { headers: { "Set-Cookie": clearSessionCookie() } });
  } catch (error) {
    return replyWithAppError(submission, error, ["password"]);
  }
}

export default function ResetPassword() {
  const { error } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(schema, { lastResult });
  const focus = firstErrorField(fields, ["password"]);
  if (error) {
    return (
      <div className="form-card">
        <h1 className="text-3xl font-bold">This link no longer works</h1>
        <p>{error}</p>
        <p>
          <Link to="/forgot-password" className="button button-primary">
            Ask for a new link
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="form-card">
      <h1 className="text-3xl font-bold">Choose a new password</h1>
      <p>Saving it signs you out everywhere, on every device. Then sign in with the new password.</p>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <PasswordField
          field={fields.password}
          label="New password"
          kind="new"
          autoFocus={focus === "password" || !lastResult}
          hint={`${NEW_PASSWORD_HINT} A passphrase of a few unrelated words works well.`}
        />
        <SubmitButton pendingText="Saving…">Save the new password</SubmitButton>
      </Form>
      <p>
        Link not working? <Link to="/forgot-password">Ask for a new one</Link>.
      </p>
    </div>
  );
}
