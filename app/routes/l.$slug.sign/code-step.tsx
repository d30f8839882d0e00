// Step 2: the code from the email.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CODE_DIGITS } from "~/auth/typed-code";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { SigningStep } from "~/components/signer-letter";
import { signingCodeFields } from "~/domain/letters/signature-rules";
import { RestartForm } from "./restart-form";
import { type StepProps, forIntent } from "./step-props";
import { CODE_TTL_MS, durationInWords } from "~/lib/lifetimes";

export function CodeStep({ data, lastResult }: StepProps) {
  const [form, fields] = useZodForm(signingCodeFields, { id: "verify-code", lastResult: forIntent(lastResult, "verify-code") });
  const focus = firstErrorField(fields, ["code"]);
  return (
    <SigningStep
      step={2}
      heading="Enter the code"
      letterTitle={data.letter.title}
      letterPath={data.letterPath}
      letter={data.letter}
      trustees={data.trustees}
      next="the signature form: a public line if you want one, your sealed name, and your consent."
    >
      <p>
        We sent an email with an {CODE_DIGITS}-digit code to the work address you gave. The code works for {durationInWords(CODE_TTL_MS)}.
        It can take a minute to arrive; look in spam or junk too. No code after a few minutes? Ask for a new one below: for your privacy the
        code is never stored, so a mail that could not go out is not sent later.
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
