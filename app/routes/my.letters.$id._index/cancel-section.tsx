// Cancelling a draft or an open letter, for good (an open one's sealed names are destroyed).
import { useZodForm } from "~/components/forms";
import { cancelLetterFields } from "~/domain/letters/letter-confirmations";
import type { LetterActionData } from "../my.letters.$id";
import { ConfirmedActionForm } from "./confirmed-action-form";

type Props = { letterId: string; isOpen: boolean; lastResult: LetterActionData };

export function CancelSection({ letterId, isOpen, lastResult }: Props) {
  const [form, fields] = useZodForm(cancelLetterFields, { id: "cancel-letter", lastResult });
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
      <ConfirmedActionForm
        intent="cancel"
        letterId={letterId}
        form={form}
        box={fields.confirmDestroy}
        className="form-card"
        confirm={{
          label: isOpen
            ? "I understand: every sealed name is destroyed and signers are told. This cannot be undone."
            : "I understand: the draft is closed for good. This cannot be undone.",
        }}
        submit={{
          label: "Cancel the letter",
          pendingText: "Cancelling the letter…",
          className: "button border-red-800 bg-red-800 text-white hover:bg-red-900",
        }}
      />
    </section>
  );
}
