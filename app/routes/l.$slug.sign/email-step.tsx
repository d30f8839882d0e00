// Step 1: the work email, to which a code is sent.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { SigningStep, domainsInWords } from "~/components/signer-letter";
import { workEmailFields } from "~/domain/letters/signature-rules";
import { type StepProps, forIntent } from "./step-props";

export function EmailStep({ data, lastResult }: StepProps) {
  const { letter } = data;
  const schema = workEmailFields(letter.allowedDomains);
  const [form, fields] = useZodForm(schema, { id: "request-code", lastResult: forIntent(lastResult, "request-code") });
  const focus = firstErrorField(fields, ["email"]);
  return (
    <SigningStep
      step={1}
      heading="Your work email"
      letterTitle={letter.title}
      letterPath={data.letterPath}
      letter={data.letter}
      trustees={data.trustees}
      next="we email you an 8-digit code. You type it on the next page, then you sign."
    >
      {data.timedOut ? (
        <p role="status" className="rounded-md border border-accent-300 bg-accent-50 p-4">
          Your code or your time to sign ran out. Enter your work email again to get a new code.
        </p>
      ) : null}
      <p>
        This proves you work at {letter.organizationName}. The address is used to send one code, then forgotten: only a keyed hash of it is
        kept, to stop anyone signing twice.
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
        Your employer&rsquo;s mail server will see that one email arrived. That is the only trace this step leaves there.
      </p>
    </SigningStep>
  );
}
