// A draft's next step: read it, edit it, then open it (which freezes the text).
import { getFormProps } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { ConfirmField, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { openLetterFields } from "~/domain/letters/letter-confirmations";
import type { LetterActionData } from "../my.letters.$id";
import { dashboardPath } from "~/lib/organizer-paths";

type Props = { letterId: string; deadlineInWords: string; lastResult: LetterActionData };

export function OpenSection({ letterId, deadlineInWords, lastResult }: Props) {
  const [form, fields] = useZodForm(openLetterFields, { id: "open-letter", lastResult });
  const focus = firstErrorField(fields, ["confirmFrozen"]);
  return (
    <section aria-labelledby="next-title" className="space-y-4">
      <h2 id="next-title" className="text-2xl font-semibold">
        What happens next
      </h2>
      <p>
        Read the letter below as signers will. <Link to={dashboardPath(letterId, "edit")}>Edit the draft</Link> until it reads right, then
        open it.
      </p>
      {/* Posted to the letter's own address: the layout's action opens it. */}
      <Form
        method="post"
        action={dashboardPath(letterId)}
        {...getFormProps(form)}
        className="form-card rounded-lg border border-stone-300 bg-white p-5"
      >
        <h3 className="text-xl font-semibold">Open the letter for signatures</h3>
        <FormErrors id={form.errorId} errors={form.errors} />
        <p>
          Opening freezes the text: every signer signs these exact words, checked by a fingerprint of the text. You then get the private
          link to share. Signatures are collected until {deadlineInWords}.
        </p>
        <ConfirmField
          field={fields.confirmFrozen}
          label="I understand the text is frozen once open."
          hint="Title, addressee and letter can no longer change, not even to fix a typo."
          autoFocus={focus === "confirmFrozen"}
        />
        <SubmitButton name="intent" value="open" pendingText="Opening the letter…">
          Open the letter
        </SubmitButton>
      </Form>
    </section>
  );
}
