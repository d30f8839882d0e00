// Sending to the press list: before publication each chosen journalist gets a
// preview link of their own under the embargo; after it, the public page.
import { getCollectionProps, getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FieldErrors, FormErrors, SubmitButton, TextAreaField, firstErrorField, useZodForm, type FormShape } from "~/components/forms";
import { isPublished } from "~/domain/letters/lifecycle";
import { sendFields } from "~/domain/press/press-forms";
import { EmbargoFields } from "./embargo-fields";
import type { PressActionData, PressPageData } from "./route";

export function SendSection({ loaded, lastResult }: { loaded: PressPageData; lastResult?: PressActionData }) {
  const { letter, contacts, defaults } = loaded;
  const kind = isPublished(letter.status) ? "published" : "preview";
  const [form, fields] = useZodForm<typeof sendFields, FormShape<typeof sendFields>>(sendFields, {
    id: "send-to-press",
    lastResult,
    defaultValue: { kind, embargoDate: defaults.date, embargoTime: defaults.time, expiresInDays: defaults.expiresInDays },
  });
  const focus = firstErrorField(fields, ["contactIds", "embargoDate", "embargoTime", "expiresInDays", "pressContactLine"]);
  const labels = new Map(contacts.map((c) => [c.id, `${c.name}, ${c.outlet} (${c.email})`]));
  const contactErrorId = fields.contactIds.errors?.length ? fields.contactIds.errorId : undefined;
  return (
    <section aria-labelledby="send-title" className="space-y-4">
      <h2 id="send-title" className="text-2xl font-semibold">
        Send to the press
      </h2>
      <p className="max-w-3xl">
        {kind === "preview"
          ? "Each journalist you choose gets a mail with a preview link made for them alone, the embargo stated first, and your press contact line."
          : "Each journalist you choose gets a mail with the public link and your press contact line."}
      </p>
      <Form method="post" {...getFormProps(form)} className="form-card rounded-lg border border-stone-300 bg-white p-5">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.kind.name} value={kind} />
        <fieldset aria-describedby={contactErrorId} className="space-y-2">
          <legend className="font-medium">Send to</legend>
          {getCollectionProps(fields.contactIds, { type: "checkbox", options: contacts.map((c) => c.id) }).map(
            ({ key, ...props }, index) => (
              <div key={key} className="flex items-start gap-3">
                <input {...props} autoFocus={focus === "contactIds" && index === 0} className="mt-1 h-5 w-5 shrink-0 accent-accent-700" />
                <label htmlFor={props.id}>{labels.get(String(props.value))}</label>
              </div>
            ),
          )}
          <FieldErrors id={fields.contactIds.errorId} errors={fields.contactIds.errors} />
        </fieldset>
        {kind === "preview" ? <EmbargoFields fields={fields} focus={focus} /> : null}
        <TextAreaField
          field={fields.pressContactLine}
          label="Press contact line"
          rows={3}
          hint="Added to every mail, so journalists can reach you, e.g. “Press contact: Jane, +1 555 0100, jane@proton.me”. Use personal channels, not work ones."
          autoFocus={focus === "pressContactLine"}
        />
        <SubmitButton name="intent" value="send" pendingText="Sending…">
          {kind === "preview" ? "Send preview links" : "Send the public link"}
        </SubmitButton>
      </Form>
    </section>
  );
}
