// Cancelling a draft or an open letter, for good (an open one's sealed names are destroyed).
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ConfirmField, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { cancelLetterFields } from "~/domain/letters/letter-confirmations";
import type { LetterActionData } from "../my.letters.$id";
import { dashboardPath } from "~/lib/organizer-paths";

type Props = { letterId: string; isOpen: boolean; lastResult: LetterActionData };

export function CancelSection({ letterId, isOpen, lastResult }: Props) {
  const [form, fields] = useZodForm(cancelLetterFields, { id: "cancel-letter", lastResult });
  const focus = firstErrorField(fields, ["confirmDestroy"]);
  return (
    <section aria-labelledby="cancel-title" className="form-card">
      <h2 id="cancel-title" className="text-2xl font-semibold">
        Cancel the letter
      </h2>
      <p>
        {isOpen
          ? "Cancelling closes the letter for good. Every sealed name is destroyed at once, so nobody will ever see them, you included, and signers who left a contact address are told."
          : "Cancelling closes this draft for good: it can no longer be edited or opened."}{" "}
        This cannot be undone.
      </p>
      {/* Posted to the letter's own address: the layout's action cancels it. */}
      <Form method="post" action={dashboardPath(letterId)} {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <ConfirmField
          field={fields.confirmDestroy}
          label={
            isOpen
              ? "I understand: every sealed name is destroyed and signers are told. This cannot be undone."
              : "I understand: the draft is closed for good. This cannot be undone."
          }
          autoFocus={focus === "confirmDestroy"}
        />
        <SubmitButton
          name="intent"
          value="cancel"
          pendingText="Cancelling the letter…"
          className="button border-red-800 bg-red-800 text-white hover:bg-red-900"
        >
          Cancel the letter
        </SubmitButton>
      </Form>
    </section>
  );
}
