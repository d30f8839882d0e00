// Preview links: the one just made (shown once), the list with opens and status,
// and the form to make one by hand.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { type Column, DataTable } from "~/components/data-table";
import { Field, FormErrors, RowActionForm, SubmitButton, firstErrorField, useZodForm, type FormShape } from "~/components/forms";
import { awaitsPublication } from "~/domain/letters/lifecycle";
import { createPreviewFields } from "~/domain/press/press-forms";
import { EmbargoFields } from "./embargo-fields";
import type { PressActionData, PressPageData } from "./route";

const STATE_WORDS = { active: "Active", expired: "Expired", revoked: "Revoked" } as const;

type Props = { loaded: PressPageData; lastResult?: PressActionData; created?: PressActionData["created"] };

export function PreviewsSection({ loaded, lastResult, created }: Props) {
  const { letter, previews, defaults } = loaded;
  const [form, fields] = useZodForm<typeof createPreviewFields, FormShape<typeof createPreviewFields>>(createPreviewFields, {
    id: "create-preview",
    lastResult,
    defaultValue: { embargoDate: defaults.date, embargoTime: defaults.time, expiresInDays: defaults.expiresInDays },
  });
  const focus = firstErrorField(fields, ["label", "embargoDate", "embargoTime", "expiresInDays"]);
  const columns: Column<PressPageData["previews"][number]>[] = [
    { header: "For", cell: (p) => p.label },
    { header: "Embargoed until", cell: (p) => p.embargo },
    { header: "Works until", cell: (p) => p.expires },
    { header: "Opened", cell: (p) => (p.openCount === 1 ? "once" : `${p.openCount.toLocaleString("en")} times`) },
    { header: "Status", cell: (p) => STATE_WORDS[p.state] },
    {
      header: "Actions",
      hideHeader: true,
      cell: (p) =>
        p.state === "active" ? (
          <RowActionForm
            intent="revoke-preview"
            row={{ field: "previewId", id: p.id }}
            pendingText="Revoking…"
            label="Revoke"
            rowName={`the link for ${p.label}`}
          />
        ) : null,
    },
  ];
  return (
    <section aria-labelledby="previews-title" className="space-y-6">
      <h2 id="previews-title" className="text-2xl font-semibold">
        Preview links
      </h2>

      {created ? (
        <div role="status" className="space-y-3 rounded-lg border-2 border-accent-700 bg-accent-50 p-5">
          <h3 className="text-xl font-semibold">Preview link for {created.label}</h3>
          <label htmlFor="created-link" className="block font-medium">
            Copy this link now: it is shown only once
          </label>
          <input
            id="created-link"
            type="text"
            readOnly
            autoFocus
            value={created.url}
            aria-describedby="created-link-hint"
            className="input w-full font-mono text-sm"
          />
          <p id="created-link-hint" className="text-sm text-stone-800">
            Embargoed until {created.embargo}; it works until {created.expires}. We keep only a fingerprint of it, so it cannot be shown
            again: if you lose it, revoke it and make a new one. Send it to that one person only, over a channel your employer cannot read.
          </p>
        </div>
      ) : null}

      {previews.length === 0 ? (
        <p>
          No preview links yet.{" "}
          {awaitsPublication(letter.status)
            ? "Make one below, or add journalists to the press list and send each of them their own."
            : null}
        </p>
      ) : (
        <DataTable
          label="Table of preview links"
          caption="Preview links, newest first"
          columns={columns}
          rows={previews}
          rowKey={(p) => p.id}
        />
      )}
      <p className="text-sm text-stone-700">
        &ldquo;Opened&rdquo; counts visits to a link, nothing more: we keep no trace of who opened it. Mail security scanners sometimes open
        links too, so a count is a hint, not proof.
      </p>

      {awaitsPublication(letter.status) ? (
        <Form method="post" {...getFormProps(form)} className="form-card rounded-lg border border-stone-300 bg-white p-5">
          <h3 className="text-xl font-semibold">Make a preview link by hand</h3>
          <p>For someone not on the press list, or to send through another channel.</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            field={fields.label}
            label="Who it is for"
            hint="Name and outlet, e.g. “Jane Doe, The Example Times”."
            autoFocus={focus === "label"}
          />
          <EmbargoFields fields={fields} focus={focus} />
          <SubmitButton name="intent" value="create-preview" pendingText="Making the link…">
            Make a preview link
          </SubmitButton>
        </Form>
      ) : (
        <p>The letter is public: existing preview links now lead to its public page, and new ones are not needed.</p>
      )}
    </section>
  );
}
