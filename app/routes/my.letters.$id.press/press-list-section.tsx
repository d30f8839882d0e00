// The press list: the journalists the organizers mean to send the letter to, what
// was sent to each and what became of it, and the form to add one.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { type Column, DataTable } from "~/components/data-table";
import { Field, FormErrors, RowActionForm, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { contactFields } from "~/domain/press/press-forms";
import type { PressActionData, PressPageData } from "./route";

const DELIVERY_WORDS: Record<string, string> = { QUEUED: "queued", SENT: "sent", FAILED: "failed" };
const KIND_WORDS: Record<string, string> = { preview: "Embargoed preview link", published: "Public link" };

type Contact = PressPageData["contacts"][number];

function Deliveries({ contact }: { contact: Contact }) {
  if (contact.deliveries.length === 0) return "Nothing yet";
  return (
    <ul className="space-y-1">
      {contact.deliveries.map((d) => (
        <li key={d.id}>
          {KIND_WORDS[d.kind] ?? d.kind}, {d.date}:{" "}
          <strong className={d.status === "FAILED" ? "text-red-800" : undefined}>
            {DELIVERY_WORDS[d.status] ?? d.status.toLowerCase()}
          </strong>
        </li>
      ))}
    </ul>
  );
}

export function PressListSection({ loaded, lastResult }: { loaded: PressPageData; lastResult?: PressActionData }) {
  const { contacts } = loaded;
  const [form, fields] = useZodForm(contactFields, { id: "add-contact", lastResult });
  const focus = firstErrorField(fields, ["name", "outlet", "email"]);
  const columns: Column<Contact>[] = [
    { header: "Name", cell: (c) => c.name },
    { header: "Outlet", cell: (c) => c.outlet },
    { header: "Email", cell: (c) => c.email, cellClassName: "break-all" },
    { header: "Sent", cell: (c) => <Deliveries contact={c} /> },
    {
      header: "Actions",
      hideHeader: true,
      cell: (c) => (
        <RowActionForm
          intent="remove-contact"
          row={{ field: "contactId", id: c.id }}
          pendingText="Removing…"
          label="Remove"
          rowName={c.name}
        />
      ),
    },
  ];
  return (
    <section aria-labelledby="press-list-title" className="space-y-6">
      <h2 id="press-list-title" className="text-2xl font-semibold">
        Press list
      </h2>
      {contacts.length === 0 ? (
        <p>Nobody on the press list yet. Add the journalists you trust below, then send the letter to them.</p>
      ) : (
        <DataTable
          label="Table of the press list"
          caption="Press contacts, by name, with what was sent to each"
          columns={columns}
          rows={contacts}
          rowKey={(c) => c.id}
        />
      )}
      {contacts.some((c) => c.deliveries.some((d) => d.status === "FAILED")) ? (
        <p className="text-red-800">
          A mail marked &ldquo;failed&rdquo; could not be delivered after several tries. Check the address, then send again.
        </p>
      ) : null}

      <Form method="post" {...getFormProps(form)} className="form-card rounded-lg border border-stone-300 bg-white p-5">
        <h3 className="text-xl font-semibold">Add a journalist</h3>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.name} label="Name" autoComplete="off" autoFocus={focus === "name"} />
        <Field
          field={fields.outlet}
          label="Outlet"
          hint="A publication, or “freelance”."
          autoComplete="off"
          autoFocus={focus === "outlet"}
        />
        <Field
          field={fields.email}
          label="Email"
          type="email"
          autoComplete="off"
          autoFocus={focus === "email"}
          hint="Their press address. Nothing is sent until you choose to send."
        />
        <SubmitButton name="intent" value="add-contact" pendingText="Adding…">
          Add to the press list
        </SubmitButton>
      </Form>
    </section>
  );
}
