// The form to add a trustee: how signers will read them described, and the address
// their invitation goes to.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { addTrusteeFields } from "~/domain/trustees/trustee-rules";
import type { TrusteesActionData, TrusteesPageData } from "./route";

export function AddTrusteeSection({ loaded, lastResult }: { loaded: TrusteesPageData; lastResult: TrusteesActionData }) {
  const { canChange, canAdd, limits } = loaded;
  const [form, fields] = useZodForm(addTrusteeFields, { id: "add-trustee", lastResult });
  const focus = firstErrorField(fields, ["description", "email"]);
  if (!canChange) return null;
  return (
    <section aria-labelledby="add-trustee-title" className="space-y-3">
      <h2 id="add-trustee-title" className="text-2xl font-semibold">
        Add a trustee
      </h2>
      {canAdd ? (
        <Form method="post" {...getFormProps(form)} className="form-card max-w-2xl">
          <FormErrors id={form.errorId} errors={form.errors} />
          <p>
            They get an email with a personal link that names you, not the letter. The page behind it shows the letter and lets their
            browser create their key.
          </p>
          <Field
            field={fields.description}
            label="How signers will see them"
            autoFocus={focus === "description"}
            hint="Shown publicly on the letter's page, e.g. “Legal aid contact, Tech Workers Union”. At most 200 characters."
          />
          <Field
            field={fields.email}
            label="Their email"
            type="email"
            autoComplete="off"
            autoFocus={focus === "email"}
            hint="Kept sealed; only the organizers of this letter see it. Not an address at the employer: it reads that mail."
          />
          <SubmitButton name="intent" value="add" pendingText="Sending the invitation…">
            Add and send the invitation
          </SubmitButton>
        </Form>
      ) : (
        <p>A letter can have at most {limits.max} trustees. Remove one to add another.</p>
      )}
    </section>
  );
}
