// The letter draft form, shared by /letters/new and /letters/$id/edit. Two submit
// buttons: "Preview" re-renders the page with the values kept and the letter
// rendered below (no JavaScript needed); "Save draft" stores it. Preview comes
// first in the form, so pressing Enter in a field previews rather than saves.
import { type SubmissionResult, getFormProps } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { LetterText } from "~/components/letter-text";
import { Notice } from "~/components/notice";
import { SelectField, TextAreaField } from "~/components/forms";
import { COOLING_OFF_CHOICES, MIN_THRESHOLD, draftSchema } from "~/domain/letters/draft-rules";
import { DEFAULT_COOLING_OFF_HOURS } from "~/domain/letters/lifecycle";
import { MAX_TEAMS } from "~/domain/letters/team-rules";

export const draftFormSchema = draftSchema.extend({
  intent: z.enum(["preview", "save"], { message: "Choose “Preview” or “Save draft”." }),
});

// What the inputs hold: text everywhere (z.coerce types the threshold as unknown).
type DraftFormShape = Omit<z.input<typeof draftFormSchema>, "threshold"> & { threshold: string };

export type DraftPreview = { title: string; addressee: string; organizationName: string; bodyHtml: string };

/** The form's starting values when editing (all as the inputs hold them: text). */
export type DraftDefaults = {
  title: string;
  addressee: string;
  organizationName: string;
  allowedDomains: string;
  body: string;
  noteToSigners: string;
  threshold: string;
  deadline: string;
  teams: string;
  coolingOffHours: string;
};

const FIELD_ORDER = [
  "title",
  "addressee",
  "organizationName",
  "allowedDomains",
  "body",
  "noteToSigners",
  "threshold",
  "deadline",
  "coolingOffHours",
  "teams",
];

type Props = {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: DraftDefaults;
  preview?: DraftPreview | null;
  /** Where "Back" leads without saving. */
  backTo: string;
};

export function DraftForm({ lastResult, defaultValue, preview, backTo }: Props) {
  const [form, fields] = useZodForm<typeof draftFormSchema, DraftFormShape>(draftFormSchema, {
    lastResult,
    defaultValue: { coolingOffHours: String(DEFAULT_COOLING_OFF_HOURS), ...defaultValue },
  });
  // A stored period the list does not offer (set by a script) stays chosen as it is.
  const stored = defaultValue?.coolingOffHours;
  const coolingOffChoices =
    stored && !COOLING_OFF_CHOICES.some((choice) => choice.value === stored)
      ? [...COOLING_OFF_CHOICES, { value: stored, label: `${stored} hours` }]
      : COOLING_OFF_CHOICES;
  const focus = firstErrorField(fields, FIELD_ORDER);
  // A missing or unknown intent has no field of its own: say it above the form.
  const formErrors = [...(form.errors ?? []), ...(fields.intent.errors ?? [])];
  return (
    <>
      <Form method="post" {...getFormProps(form)} className="max-w-3xl space-y-6">
        <FormErrors id={form.errorId} errors={formErrors} />
        {preview ? (
          <Notice>
            Your preview is ready: <a href="#preview">read it below the form</a>. Nothing is saved until you press “Save draft”.
          </Notice>
        ) : null}
        <Field field={fields.title} label="Title" autoFocus={focus === "title"} hint="Short and plain, e.g. “Cancel the ICE contract”." />
        <Field
          field={fields.addressee}
          label="Addressed to"
          autoFocus={focus === "addressee"}
          hint="Who the letter is for, e.g. “Satya Nadella, CEO”. It is shown at the top of the letter."
        />
        <Field
          field={fields.organizationName}
          label="Organization"
          autoFocus={focus === "organizationName"}
          hint="The employer whose staff sign, e.g. “Microsoft”."
        />
        <TextAreaField
          field={fields.allowedDomains}
          label="Work-email domains that may sign"
          rows={3}
          autoFocus={focus === "allowedDomains"}
          hint="One per line or separated by commas, e.g. microsoft.com. Each signer proves an address at one of them. Personal mail such as gmail.com proves nothing and is refused."
        />
        <TextAreaField
          field={fields.body}
          label="The letter"
          rows={16}
          autoFocus={focus === "body"}
          hint="Markdown: **bold**, *italic*, lists, links. No images or raw HTML. The text is frozen once the letter opens."
        />
        <TextAreaField
          field={fields.noteToSigners}
          label="Note to signers (optional)"
          rows={3}
          autoFocus={focus === "noteToSigners"}
          hint="Shown to signers beside the letter, e.g. why now or how to reach you. It is not part of the text they sign."
        />
        <Field
          field={fields.threshold}
          label="Reveal threshold"
          type="number"
          inputMode="numeric"
          autoFocus={focus === "threshold"}
          className="max-w-xs"
          hint={`At least ${MIN_THRESHOLD}; the names stay sealed until this many have signed.`}
        />
        <Field
          field={fields.deadline}
          label="Deadline"
          type="date"
          autoFocus={focus === "deadline"}
          className="max-w-xs"
          hint="From tomorrow up to a year. If the threshold is not met by the end of that day (UTC), every sealed name is destroyed."
        />
        <SelectField
          field={fields.coolingOffHours}
          label="Cooling-off period"
          options={coolingOffChoices}
          autoFocus={focus === "coolingOffHours"}
          className="max-w-md"
          hint="Once the threshold is met, the names stay sealed this long while you and the signers who left a contact address are told and anyone may withdraw, so signatures faked by someone who reads work mail cannot unseal the names unseen."
        />
        <TextAreaField
          field={fields.teams}
          label="Teams (optional)"
          rows={3}
          autoFocus={focus === "teams"}
          hint={`Up to ${MAX_TEAMS} short names, one per line, e.g. Azure, Bing, Research. Each signer may pick one or none; a team's count is shown only once at least 5 of it have signed, and never in a way that gives a smaller one away.`}
        />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton name="intent" value="preview" pendingText="Rendering the preview…" className="button button-secondary">
            Preview
          </SubmitButton>
          <SubmitButton name="intent" value="save" pendingText="Saving the draft…">
            Save draft
          </SubmitButton>
          <Link to={backTo}>Back without saving</Link>
        </div>
      </Form>
      {preview ? (
        <section id="preview" aria-labelledby="preview-title" className="mt-12 max-w-3xl space-y-4">
          <h2 id="preview-title" className="text-2xl font-semibold">
            Preview — not saved yet
          </h2>
          <p className="text-stone-700">This is the text signers will read. Change it above, then preview again or save.</p>
          <div className="rounded-lg border border-stone-300 bg-white p-6 sm:p-10">
            <LetterText {...preview} headingLevel={3} />
          </div>
        </section>
      ) : null}
    </>
  );
}
