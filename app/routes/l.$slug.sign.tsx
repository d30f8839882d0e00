import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CODE_DIGITS, typedCode } from "~/auth/typed-code";
import { perDomains } from "~/domain/letters/per-domains";
import { PUBLIC_LINE_MAX, signatureSchema } from "~/domain/letters/signature-rules";
import { clearCookie, readCookie, serializeCookie } from "~/auth/cookies.server";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { ConfirmField } from "~/components/forms";
import { SigningStep, domainsInWords } from "~/components/signer-letter";
import { StatusPanel } from "~/components/status-panel";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { privateLetterPath, receiptPath } from "~/lib/public-urls";
import {
  SIGNING_CODE_TTL_MS,
  SIGNING_COOKIE,
  SIGNING_WINDOW_MS,
  findSigningVerification,
  requestSigningCode,
  verifySigningCode,
} from "~/domain/letters/signing-verification.server";
import { findLetterToSign } from "~/domain/letters/view-letter.server";
import { acceptsSignatures, awaitsPublication, isClosed } from "~/domain/letters/lifecycle";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { parseForm } from "~/http/read-form.server";

export const meta: MetaFunction = () => [{ title: "Sign a letter — Undersigned" }, { name: "robots", content: "noindex" }];

// No Referer leaves this page either: server/web.js sends Referrer-Policy on every response (once).
export const headers: HeadersFunction = () => ({
  "Cache-Control": "no-store",
});

const slugParam = z.string().regex(/^[a-z0-9]{1,64}$/);

function emailFields(domains: string[]) {
  const example = `name@${domains[0] ?? "example.org"}`;
  const message = `Enter your work email address, like ${example}.`;
  return z.object({
    email: z.string({ message }).trim().max(254, "That address is too long.").pipe(z.email({ message })),
  });
}

const codeFields = z.object({ code: typedCode });

function signatureFields(domains: string[]) {
  const consentMessage = "Tick the box to sign: it confirms you understand when your name is unsealed.";
  return signatureSchema(domains).extend({
    consent: z.boolean({ message: consentMessage }).refine((value) => value, consentMessage),
  });
}

// Built once per set of domains, not once per request.
const actionSchema = perDomains(buildActionSchema);

function buildActionSchema(domains: string[]) {
  return z.discriminatedUnion("intent", [
    emailFields(domains).extend({ intent: z.literal("request-code") }),
    codeFields.extend({ intent: z.literal("verify-code") }),
    z.object({ intent: z.literal("restart") }),
    signatureFields(domains).extend({ intent: z.literal("sign") }),
  ]);
}

async function letterFor(params: LoaderFunctionArgs["params"]) {
  const slug = slugParam.safeParse(params.slug);
  const letter = slug.success ? await findLetterToSign(slug.data) : null;
  if (!slug.success || !letter) throw new Response("Not found", { status: 404 });
  return { slug: slug.data, letter };
}

// After the code the step is "sign", whether or not the address signed before:
// nothing the page shows may depend on it (decision 010).
type Step = "email" | "code" | "sign" | "closed";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { slug, letter } = await letterFor(params);
  const token = readCookie(request, SIGNING_COOKIE);
  const signable = acceptsSignatures(letter.status);
  const verification = signable ? await findSigningVerification(token, letter.id) : null;
  const live = verification && verification.expiresAt > new Date() ? verification : null;
  let step: Step;
  if (!signable) step = "closed";
  else if (!live) step = "email";
  else if (!live.verifiedAt) step = "code";
  else step = "sign";
  return {
    step,
    /** A code or signing window ran out: say so, rather than silently starting over. */
    timedOut: verification !== null && live === null,
    letterPath: privateLetterPath(slug),
    letter: {
      status: letter.status,
      title: letter.title,
      organizationName: letter.organizationName,
      allowedDomains: letter.allowedDomains,
      threshold: letter.threshold,
      deadline: new Date(letter.deadline).toISOString(),
      // The batched count (0 below five), as on the letter page.
      count: letter.count,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { slug, letter } = await letterFor(params);
  const submission = await parseForm(request, actionSchema(letter.allowedDomains));
  if (submission.status !== "success") return invalidSubmission(submission);
  const here = `${privateLetterPath(slug)}/sign`;
  const token = readCookie(request, SIGNING_COOKIE);
  const value = submission.value;
  try {
    switch (value.intent) {
      case "request-code": {
        const newToken = await requestSigningCode(letter, value.email, { clientIp: context.clientIp });
        const maxAge = (SIGNING_CODE_TTL_MS + SIGNING_WINDOW_MS) / 1000;
        return redirect(here, { headers: { "Set-Cookie": serializeCookie(SIGNING_COOKIE, newToken, maxAge) } });
      }
      case "verify-code": {
        await verifySigningCode(token, letter.id, value.code, { clientIp: context.clientIp });
        // The signing window starts now; the cookie lasts as long as it does.
        const headers = token ? { "Set-Cookie": serializeCookie(SIGNING_COOKIE, token, SIGNING_WINDOW_MS / 1000) } : undefined;
        return redirect(here, { headers });
      }
      case "restart":
        return redirect(here, { headers: { "Set-Cookie": clearCookie(SIGNING_COOKIE) } });
      case "sign": {
        const { receiptToken, submittedAgain } = await signLetter(token, letter, {
          publicLine: value.publicLine,
          name: value.name,
          title: value.title,
          contactEmail: value.contactEmail,
        });
        // submittedAgain: this browser's verification signed already (a double click, a
        // resubmitted page): back to that signature's receipt, saying so.
        return redirect(`${receiptPath(receiptToken)}?new=1${submittedAgain ? "&again=1" : ""}`, { headers: { "Set-Cookie": clearCookie(SIGNING_COOKIE) } });
      }
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type StepProps = { data: LoaderData; lastResult: SubmissionResult<string[]> | undefined };

export default function SignLetter() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Each form gets the answer to its own intent. An answer the current step has
  // no form for (the loader moved on, e.g. the signing window ran out) is shown on top.
  const intent = actionData?.initialValue?.intent;
  const stepIntents: Record<Step, string[]> = {
    email: ["request-code"],
    code: ["verify-code", "restart"],
    sign: ["sign", "restart"],
    closed: [],
  };
  const stray = actionData && !stepIntents[data.step].includes(String(intent)) ? actionData.error?.[""] : undefined;
  const lastResult = stray ? undefined : actionData;
  return (
    <>
      {stray?.length ? (
        <div role="alert" className="form-card mb-6 rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
          {stray.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      {data.step === "email" ? (
        <EmailStep data={data} lastResult={lastResult} />
      ) : data.step === "code" ? (
        <CodeStep data={data} lastResult={lastResult} />
      ) : data.step === "sign" ? (
        <SignatureStep data={data} lastResult={lastResult} />
      ) : (
        <Closed data={data} />
      )}
    </>
  );
}

function forIntent(lastResult: SubmissionResult<string[]> | undefined, intent: string) {
  return lastResult?.initialValue?.intent === intent ? lastResult : undefined;
}

function EmailStep({ data, lastResult }: StepProps) {
  const { letter } = data;
  const schema = emailFields(letter.allowedDomains);
  const [form, fields] = useZodForm(schema, { id: "request-code", lastResult: forIntent(lastResult, "request-code") });
  const focus = firstErrorField(fields, ["email"]);
  return (
    <SigningStep
      step={1}
      heading="Your work email"
      letterTitle={letter.title}
      letterPath={data.letterPath}
      letter={data.letter}
      next="we email you an 8-digit code. You type it on the next page, then you sign."
    >
      {data.timedOut ? (
        <p role="status" className="rounded-md border border-accent-300 bg-accent-50 p-4">
          Your code or your time to sign ran out. Enter your work email again to get a new code.
        </p>
      ) : null}
      <p>
        This proves you work at {letter.organizationName}. The address is used to send one code, then forgotten: only a
        keyed hash of it is kept, to stop anyone signing twice.
      </p>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          field={fields.email}
          label="Your work email"
          type="email"
          autoComplete="email"
          autoFocus={focus === "email" || !lastResult}
          hint={
            <>
              We send one email with a code. It does not mention this letter. Use an address ending in{" "}
              {domainsInWords(letter.allowedDomains)}.
            </>
          }
        />
        <SubmitButton name="intent" value="request-code" pendingText="Sending the code…">
          Send me a code
        </SubmitButton>
      </Form>
      <p className="text-sm text-stone-700">
        Your employer&rsquo;s mail server will see that one email arrived. That is the only trace this step leaves
        there.
      </p>
    </SigningStep>
  );
}

function RestartForm({ lastResult, heading, text }: { lastResult: SubmissionResult<string[]> | undefined; heading: string; text: string }) {
  const [form] = useForm({ id: "restart", lastResult: forIntent(lastResult, "restart") });
  return (
    <Form method="post" {...getFormProps(form)} className="form-card border-t border-stone-200 pt-5">
      <h2 className="text-xl font-semibold">{heading}</h2>
      <p>{text}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <SubmitButton name="intent" value="restart" pendingText="Starting again…" className="button button-secondary">
        Use a different address
      </SubmitButton>
    </Form>
  );
}

function CodeStep({ data, lastResult }: StepProps) {
  const [form, fields] = useZodForm(codeFields, { id: "verify-code", lastResult: forIntent(lastResult, "verify-code") });
  const focus = firstErrorField(fields, ["code"]);
  return (
    <SigningStep
      step={2}
      heading="Enter the code"
      letterTitle={data.letter.title}
      letterPath={data.letterPath}
      letter={data.letter}
      next="the signature form: a public line if you want one, your sealed name, and your consent."
    >
      <p>
        We sent an email with an {CODE_DIGITS}-digit code to the work address you gave. The code works for 10 minutes.
        It can take a minute to arrive; look in spam or junk too. No code after a few minutes? Ask for a new one
        below: for your privacy the code is never stored, so a mail that could not go out is not sent later.
      </p>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          field={fields.code}
          label={`The ${CODE_DIGITS}-digit code from the email`}
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus={focus === "code" || !lastResult}
          hint="Spaces and dashes don't matter."
        />
        <SubmitButton name="intent" value="verify-code" pendingText="Checking the code…">
          Check the code
        </SubmitButton>
      </Form>
      <RestartForm
        lastResult={lastResult}
        heading="Wrong address, or no code after a few minutes?"
        text="Start again with your work email. You will get a new code; this one stops mattering."
      />
    </SigningStep>
  );
}

function SignatureStep({ data, lastResult }: StepProps) {
  const { letter } = data;
  const schema = signatureFields(letter.allowedDomains);
  const [form, fields] = useZodForm(schema, { id: "sign", lastResult: forIntent(lastResult, "sign") });
  const focus = firstErrorField(fields, ["publicLine", "name", "title", "contactEmail", "consent"]);
  const people = letter.threshold.toLocaleString("en");
  return (
    <SigningStep
      step={3}
      heading="Sign the letter"
      letterTitle={letter.title}
      letterPath={data.letterPath}
      letter={data.letter}
      next="you get a receipt link to save. It lets you check your signature, or withdraw it until the letter is published."
    >
      <p>Your work address is verified. Sign within the hour.</p>
      <p className="text-sm text-stone-700">
        An address counts once. If this address has signed before, only that first signature counts, and only its own
        receipt withdraws it; signing again changes nothing of it. Every signer sees this same page and gets a receipt.
      </p>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="form-card rounded-lg border border-stone-300 bg-white p-5">
          <legend className="px-1 font-semibold">Shown now</legend>
          <Field
            field={fields.publicLine}
            label="Public line (optional)"
            autoComplete="off"
            autoFocus={focus === "publicLine"}
            hint={`Shown now, without your name — e.g. ‘Engineer, Azure’. Leave empty to show nothing. At most ${PUBLIC_LINE_MAX} characters.`}
          />
        </fieldset>
        <fieldset className="form-card rounded-lg border border-stone-300 bg-white p-5">
          <legend className="px-1 font-semibold">Sealed until {people} have signed</legend>
          <Field
            field={fields.name}
            label="Your full name"
            autoComplete="name"
            autoFocus={focus === "name"}
            hint={`Sealed: nobody sees it until ${people} people have signed.`}
          />
          <Field
            field={fields.title}
            label="Your job title (optional)"
            autoComplete="organization-title"
            autoFocus={focus === "title"}
            hint="Sealed with your name, e.g. “Senior Engineer”."
          />
          <Field
            field={fields.contactEmail}
            label="Personal contact email (optional)"
            type="email"
            autoComplete="email"
            autoFocus={focus === "contactEmail"}
            hint="Not your work address. For the receipt and updates; destroyed with your name if the letter expires."
          />
        </fieldset>
        <ConfirmField
          field={fields.consent}
          autoFocus={focus === "consent"}
          label={
            awaitsPublication(data.letter.status)
              ? "I understand that this letter has already reached its threshold: my name and title are shown to the organizers as soon as I sign, and published with the letter."
              : `I understand that when ${people} people have signed, my name and title are unsealed and shown to the organizers, and published with the letter.`
          }
        />
        <SubmitButton name="intent" value="sign" pendingText="Signing…">
          Sign the letter
        </SubmitButton>
      </Form>
      <RestartForm
        lastResult={lastResult}
        heading="Not you?"
        text="If someone else verified in this browser, start again with your own work email."
      />
    </SigningStep>
  );
}

function Closed({ data }: { data: LoaderData }) {
  return (
    <div className="form-card">
      <h1 className="text-3xl font-bold">This letter is not collecting signatures</h1>
      <p>
        {isClosed(data.letter.status)
          ? "It is closed, and nothing is kept: every sealed name was destroyed, and nobody ever saw them."
          : "Signing is closed: enough people signed, and the names were unsealed together."}
      </p>
      <p>
        <Link to={data.letterPath}>Back to the letter</Link>
      </p>
      <StatusPanel status={data.letter.status} count={data.letter.count} threshold={data.letter.threshold} deadline={data.letter.deadline} />
    </div>
  );
}
