// Step 3: the signature (a public line, the sealed name) and the signer's consent.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ConfirmField, Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { SigningStep } from "~/components/signer-letter";
import { awaitsPublication } from "~/domain/letters/lifecycle";
import { PUBLIC_LINE_MAX, signatureFormFields } from "~/domain/letters/signature-rules";
import { RestartForm } from "./restart-form";
import { type StepProps, forIntent } from "./step-props";

export function SignatureStep({ data, lastResult }: StepProps) {
  const { letter } = data;
  const schema = signatureFormFields(letter.allowedDomains);
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
        An address counts once. If this address has signed before, only that first signature counts, and only its own receipt withdraws it;
        signing again changes nothing of it. Every signer sees this same page and gets a receipt.
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
