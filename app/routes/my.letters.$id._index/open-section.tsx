// A draft's next step: read it, edit it, then open it (which freezes the text).
import { Link } from "@remix-run/react";
import { useZodForm } from "~/components/forms";
import { openLetterFields } from "~/domain/letters/letter-confirmations";
import { dashboardPath } from "~/lib/organizer-paths";
import type { LetterActionData } from "../my.letters.$id";
import { ConfirmedActionForm } from "./confirmed-action-form";

type Props = { letterId: string; deadlineInWords: string; lastResult: LetterActionData };

export function OpenSection({ letterId, deadlineInWords, lastResult }: Props) {
  const [form, fields] = useZodForm(openLetterFields, { id: "open-letter", lastResult });
  return (
    <section aria-labelledby="next-title" className="space-y-4">
      <h2 id="next-title" className="text-2xl font-semibold">
        What happens next
      </h2>
      <p>
        Read the letter below as signers will. <Link to={dashboardPath(letterId, "edit")}>Edit the draft</Link> until it reads right, then
        open it.
      </p>
      <ConfirmedActionForm
        intent="open"
        letterId={letterId}
        form={form}
        box={fields.confirmFrozen}
        className="form-card rounded-lg border border-stone-300 bg-white p-5"
        confirm={{
          label: "I understand the text is frozen once open.",
          hint: "Title, addressee and letter can no longer change, not even to fix a typo.",
        }}
        submit={{ label: "Open the letter", pendingText: "Opening the letter…" }}
      >
        <h3 className="text-xl font-semibold">Open the letter for signatures</h3>
        <p>
          Opening freezes the text: every signer signs these exact words, checked by a fingerprint of the text. You then get the private
          link to share. Signatures are collected until {deadlineInWords}.
        </p>
      </ConfirmedActionForm>
    </section>
  );
}
