// The embargo (a day and a time, UTC) and how long a preview link works: in the
// form that makes one link and in the one that sends links to the press list.
import type { FieldMetadata } from "@conform-to/react";
import { Field } from "~/components/forms";
import { MAX_PREVIEW_DAYS, MIN_PREVIEW_DAYS } from "~/domain/press/embargo";

type EmbargoMetadata = { embargoDate: FieldMetadata<string>; embargoTime: FieldMetadata<string>; expiresInDays: FieldMetadata<string> };

export function EmbargoFields({ fields, focus }: { fields: EmbargoMetadata; focus?: string }) {
  return (
    <>
      <fieldset className="space-y-4">
        <legend className="font-medium">Embargo (UTC)</legend>
        <p className="text-sm text-slate-700">
          Journalists may not publish before this moment. It is shown on the preview and in the mail.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field field={fields.embargoDate} label="Day" type="date" autoFocus={focus === "embargoDate"} />
          <Field
            field={fields.embargoTime}
            label="Time (UTC)"
            hint="24-hour clock, e.g. 09:00."
            inputMode="numeric"
            autoFocus={focus === "embargoTime"}
          />
        </div>
      </fieldset>
      <Field
        field={fields.expiresInDays}
        label="The link works for (days)"
        type="number"
        hint={`From ${MIN_PREVIEW_DAYS} to ${MAX_PREVIEW_DAYS} days. You can revoke it sooner.`}
        autoFocus={focus === "expiresInDays"}
      />
    </>
  );
}
