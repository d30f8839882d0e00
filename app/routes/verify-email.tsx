import { type SubmissionResult, getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CODE_DIGITS, typedCode } from "~/auth/typed-code";
import { clearCookie, readCookie } from "~/auth/cookies.server";
import { sessionCookie } from "~/auth/current-user.server";
import { VERIFICATION_COOKIE, resendEmailCode } from "~/auth/email-verification.server";
import { Notice } from "~/components/notice";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { verifyLoginEmail } from "~/domain/accounts/verify-login-email.server";
import { CODE_TTL_MS, durationInWords } from "~/lib/lifetimes";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";

export const meta: MetaFunction = () => [{ title: "Check your email — Undersigned" }];

const codeFields = z.object({ code: typedCode });

const schema = z.discriminatedUnion("intent", [
  codeFields.extend({ intent: z.literal("verify") }),
  z.object({ intent: z.literal("resend") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  return {
    pending: readCookie(request, VERIFICATION_COOKIE) !== null,
    sent: new URL(request.url).searchParams.get("sent") === "1",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission);
  const token = readCookie(request, VERIFICATION_COOKIE);
  try {
    if (submission.value.intent === "resend") {
      await resendEmailCode(token);
      return redirect("/verify-email?sent=1");
    }
    const { sessionToken, expiresAt } = await verifyLoginEmail(token, submission.value.code, {
      clientIp: context.clientIp,
      userAgent: request.headers.get("User-Agent"),
    });
    const headers = new Headers();
    headers.append("Set-Cookie", clearCookie(VERIFICATION_COOKIE));
    headers.append("Set-Cookie", sessionCookie(sessionToken, expiresAt));
    return redirect("/account", { headers });
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export default function VerifyEmail() {
  const { pending, sent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = lastResult?.initialValue?.intent;
  // Each form shows only the answer to its own submission; a form whose key changes
  // remounts, so an error does not linger after the other form was used.
  const answerFor = (formIntent: string) => (intent === formIntent ? lastResult : undefined);

  if (!pending) {
    return (
      <div className="form-card">
        <h1 className="text-3xl font-bold">No code is waiting here</h1>
        <p>
          A code belongs to the browser where you signed up or signed in, and this one has none waiting (it may have been used already, or
          the browser dropped it).
        </p>
        <p>
          <Link to="/login">Sign in</Link> to get a new code, or <Link to="/signup">create an account</Link>.
        </p>
      </div>
    );
  }

  return (
    <div className="form-card">
      <h1 className="text-3xl font-bold">Check your email</h1>
      <p>
        We sent an email to the address you gave. The code in it works for {durationInWords(CODE_TTL_MS)}. If you can't find the email, look
        in your spam or junk folder. No code after a few minutes? Ask for a new one below. If you already have an account with that address,
        the email tells you how to sign in instead.
      </p>
      {sent ? <Notice>We sent a new code. Codes sent before it no longer work.</Notice> : null}
      <VerifyForm key={answerFor("verify") ? "verify-answered" : "verify"} lastResult={answerFor("verify")} focusCode={!lastResult} />
      <ResendForm key={answerFor("resend") ? "resend-answered" : "resend"} lastResult={answerFor("resend")} />
    </div>
  );
}

type FormProps = { lastResult: SubmissionResult<string[]> | undefined };

function VerifyForm({ lastResult, focusCode }: FormProps & { focusCode: boolean }) {
  const [form, fields] = useZodForm(codeFields, { id: "verify-code", lastResult });
  const focus = firstErrorField(fields, ["code"]);
  return (
    <Form method="post" action="/verify-email" {...getFormProps(form)} className="form-card">
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        field={fields.code}
        label={`Enter the ${CODE_DIGITS}-digit code we sent to your email`}
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus={focus === "code" || focusCode}
        hint="Spaces and dashes don't matter."
      />
      <SubmitButton name="intent" value="verify" pendingText="Checking the code…">
        Verify and continue
      </SubmitButton>
    </Form>
  );
}

function ResendForm({ lastResult }: FormProps) {
  const [form] = useForm({ id: "resend-code", lastResult });
  return (
    <Form method="post" action="/verify-email" {...getFormProps(form)} className="form-card">
      <h2 className="text-xl font-semibold">No email, or the code expired?</h2>
      <FormErrors id={form.errorId} errors={form.errors} />
      <SubmitButton name="intent" value="resend" pendingText="Sending a new code…" className="button button-secondary">
        Send a new code
      </SubmitButton>
    </Form>
  );
}
