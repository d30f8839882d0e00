// The organizer's press page: embargoed preview links, the press list, sending
// to it, and what became of each mail. Nested under my.letters.$id (flat routes),
// which renders this page in its own place through the outlet.
import { type FieldMetadata, type SubmissionResult, getCollectionProps, getFormProps} from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { Field, FieldErrors, FormErrors, SubmitButton, firstErrorField, useZodForm, type FormShape } from "~/components/forms";
import { TextAreaField } from "~/components/forms";
import { sendToPress } from "~/domain/press/deliver.server";
import { DEFAULT_PREVIEW_DAYS, defaultEmbargo } from "~/domain/press/embargo.server";
import { addPressContact, removePressContact } from "~/domain/press/press-list.server";
import { createPreview, revokePreview } from "~/domain/press/previews.server";
import { viewPress } from "~/domain/press/view-press.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { plainText, singleLine } from "~/http/text-fields";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { formatDay, formatUtcMoment } from "~/lib/dates";
import { publicLetterPath } from "~/lib/public-urls";
import { awaitsPublication, isClosed, isPublished, namesVisible } from "~/domain/letters/lifecycle";
import type { loader as dashboardLoader } from "./my.letters.$id";
import { TableScroll } from "~/components/table-scroll";
import { letterIdFrom } from "~/http/letter-param.server";
import { parseForm } from "~/http/read-form.server";

const DASHBOARD = "routes/my.letters.$id";

export const meta: MetaFunction<null, { [DASHBOARD]: typeof dashboardLoader }> = ({ matches }) => {
  const title = matches.find((m) => m.id === DASHBOARD)?.data?.letter.title;
  return [{ title: title ? `Press — “${title}” — Undersigned` : "Press — Undersigned" }];
};

// The domain allows 1 to MAX_PREVIEW_DAYS (90) days; this is the form's own check.
const embargoFields = {
  embargoDate: z.iso.date({ message: "Enter the embargo day, like 2026-12-03." }),
  embargoTime: z
    .string({ message: "Enter the embargo time, like 09:00." })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter the time on a 24-hour clock, like 09:00."),
  expiresInDays: z
    .number({ message: "Enter a number of days, from 1 to 90." })
    .int("Enter a whole number of days.")
    .min(1, "A link works for at least 1 day.")
    .max(90, "A link works for at most 90 days."),
};
const createPreviewFields = z.object({
  label: singleLine(120, { required: "Say who the link is for, e.g. “Jane Doe, The Example Times”." }),
  ...embargoFields,
});
const contactFields = z.object({
  name: singleLine(100, { required: "Enter the journalist's name." }),
  outlet: singleLine(100, { required: "Enter the outlet, e.g. “The Example Times” or “freelance”." }),
  email: z.email({ message: "Enter an email address, like jane@example.org." }).max(254, "Use at most 254 characters."),
});
const sendFields = z.object({
  kind: z.enum(["preview", "published"], { message: "Reload the page and try again." }),
  contactIds: z.array(z.uuid(), { message: "Choose at least one contact." }).min(1, "Choose at least one contact.").max(500),
  pressContactLine: plainText(500, { required: "Say how journalists can reach you." }),
  // Needed for previews only; the action checks them then.
  embargoDate: embargoFields.embargoDate.optional(),
  embargoTime: embargoFields.embargoTime.optional(),
  expiresInDays: embargoFields.expiresInDays.optional(),
});
const schema = z.discriminatedUnion("intent", [
  createPreviewFields.extend({ intent: z.literal("create-preview") }),
  z.object({ intent: z.literal("revoke-preview"), previewId: z.string().regex(/^[a-z0-9]{1,32}$/) }),
  contactFields.extend({ intent: z.literal("add-contact") }),
  z.object({ intent: z.literal("remove-contact"), contactId: z.uuid() }),
  sendFields.extend({ intent: z.literal("send") }),
]);

const utc = (date: string, time: string) => new Date(`${date}T${time}:00.000Z`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const view = await viewPress(user.id, letterIdFrom(params));
  const sent = Number(new URL(request.url).searchParams.get("sent"));
  return {
    letter: {
      id: view.letter.id,
      title: view.letter.title,
      status: view.letter.status,
      publicUrl: isPublished(view.letter.status) && view.letter.publicSlug ? absoluteUrl(publicLetterPath(view.letter.publicSlug)) : null,
    },
    sentCount: Number.isInteger(sent) && sent > 0 ? sent : null,
    defaults: { ...defaultEmbargo(), expiresInDays: String(DEFAULT_PREVIEW_DAYS) },
    previews: view.previews.map((p) => ({
      id: p.id,
      label: p.label,
      embargo: formatUtcMoment(p.embargoUntil),
      expires: formatDay(p.expiresAt),
      created: formatDay(p.createdAt),
      openCount: p.openCount,
      state: p.state,
    })),
    contacts: view.contacts.map((c) => ({
      id: c.id,
      name: c.name,
      outlet: c.outlet,
      email: c.email,
      deliveries: c.deliveries.map((d) => ({ id: d.id, kind: d.kind, status: d.status, date: formatDay(d.createdAt) })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const letterId = letterIdFrom(params);
  // Someone else's letter is a 404 whatever the form holds.
  await letterForOrganizer(user.id, letterId);
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission);
  const pressPage = `/my/letters/${letterId}/press`;
  const value = submission.value;
  try {
    switch (value.intent) {
      case "create-preview": {
        const created = await createPreview(user.id, letterId, {
          label: value.label,
          embargoUntil: utc(value.embargoDate, value.embargoTime),
          expiresInDays: value.expiresInDays,
        });
        // The link exists only in this answer: it is shown once and never stored.
        return data({
          ...submission.reply({ resetForm: true }),
          created: { url: created.url, label: created.label, embargo: formatUtcMoment(created.embargoUntil), expires: formatDay(created.expiresAt) },
        });
      }
      case "revoke-preview":
        await revokePreview(user.id, value.previewId);
        return redirect(pressPage);
      case "add-contact":
        await addPressContact(user.id, letterId, value);
        return redirect(pressPage);
      case "remove-contact":
        await removePressContact(user.id, value.contactId);
        return redirect(pressPage);
      case "send": {
        const { contactIds, pressContactLine } = value;
        let sent;
        if (value.kind === "preview") {
          const { embargoDate, embargoTime, expiresInDays } = value;
          if (!embargoDate || !embargoTime || expiresInDays === undefined) {
            return data(
              submission.reply({
                fieldErrors: {
                  ...(embargoDate ? {} : { embargoDate: ["Enter the embargo day, like 2026-12-03."] }),
                  ...(embargoTime ? {} : { embargoTime: ["Enter the embargo time, like 09:00."] }),
                  ...(expiresInDays === undefined ? { expiresInDays: ["Enter a number of days, from 1 to 90."] } : {}),
                },
              }),
              { status: 400 },
            );
          }
          sent = await sendToPress(user.id, letterId, { kind: "preview", contactIds, pressContactLine, embargoUntil: utc(embargoDate, embargoTime), expiresInDays });
        } else {
          sent = await sendToPress(user.id, letterId, { kind: "published", contactIds, pressContactLine });
        }
        return redirect(`${pressPage}?sent=${sent.count}`);
      }
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

type ActionData = SubmissionResult<string[]> & { created?: { url: string; label: string; embargo: string; expires: string } };
type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

// What the inputs hold: text everywhere (numbers included), and lists of text.

const STATE_WORDS = { active: "Active", expired: "Expired", revoked: "Revoked" } as const;
const DELIVERY_WORDS: Record<string, string> = { QUEUED: "queued", SENT: "sent", FAILED: "failed" };
const KIND_WORDS: Record<string, string> = { preview: "Embargoed preview link", published: "Public link" };

export default function PressPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { letter } = loaded;
  // A created link's reply resets its form, and a reset reply carries no values.
  const intent = actionData?.created ? "create-preview" : actionData?.initialValue?.intent;
  const lastFor = (name: string) => (intent === name ? actionData : undefined);
  const known = ["create-preview", "add-contact", "send"];
  // Errors of the small row forms (revoke, remove) or of no known form go on top.
  const otherErrors =
    actionData && !known.includes(String(intent)) ? Object.values(actionData.error ?? {}).flatMap((e) => e ?? []) : [];
  const ready = namesVisible(letter.status);
  const deliveryCount = loaded.contacts.reduce((n, c) => n + c.deliveries.length, 0);

  return (
    <div className="space-y-12">
      <header className="space-y-2">
        <p className="no-print">
          <Link to={`/my/letters/${letter.id}`}>← Dashboard</Link>
        </p>
        <p className="text-sm font-semibold uppercase tracking-wide text-stone-700">Press</p>
        <h1 className="text-3xl font-bold">{letter.title}</h1>
        {ready ? (
          <p className="max-w-3xl">
            {awaitsPublication(letter.status)
              ? "Before you publish, show the letter to named journalists under embargo. Each gets a preview link of their own, which you can revoke at any time; once you publish, every preview link leads to the public page."
              : "The letter is published. Send its public page to your press list."}
          </p>
        ) : null}
        {letter.publicUrl ? (
          <p>
            Public page: <a href={letter.publicUrl}>{letter.publicUrl}</a>
          </p>
        ) : null}
        <FormErrors id="press-errors" errors={otherErrors} />
        {loaded.sentCount ? (
          <p role="status" className="rounded-md border border-green-700 bg-green-50 p-4 text-green-900">
            {loaded.sentCount === 1 ? "1 mail is" : `${loaded.sentCount.toLocaleString("en")} mails are`} on the way. Their
            status shows in the press list below.
          </p>
        ) : null}
      </header>

      {!ready ? (
        <p className="max-w-3xl rounded-lg border border-stone-300 bg-white p-5">
          {!isClosed(letter.status)
            ? "Press previews and the press list open once the threshold is met and the names are revealed. Until then nobody, you included, can see who signed."
            : "This letter is closed and nothing of it is kept: there is nothing to show the press."}
        </p>
      ) : (
        <>
          <PreviewsSection loaded={loaded} lastResult={lastFor("create-preview")} created={actionData?.created} />
          <PressListSection key={`contacts-${loaded.contacts.length}`} loaded={loaded} lastResult={lastFor("add-contact")} />
          {loaded.contacts.length > 0 ? (
            <SendSection key={`send-${deliveryCount}`} loaded={loaded} lastResult={lastFor("send")} />
          ) : null}
        </>
      )}
    </div>
  );
}

function PreviewsSection({ loaded, lastResult, created }: { loaded: LoaderData; lastResult?: ActionData; created?: ActionData["created"] }) {
  const { letter, previews, defaults } = loaded;
  const [form, fields] = useZodForm<typeof createPreviewFields, FormShape<typeof createPreviewFields>>(createPreviewFields, { id: "create-preview", lastResult, defaultValue: { embargoDate: defaults.date, embargoTime: defaults.time, expiresInDays: defaults.expiresInDays } });
  const focus = firstErrorField(fields, ["label", "embargoDate", "embargoTime", "expiresInDays"]);
  const navigation = useNavigation();
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
            Embargoed until {created.embargo}; it works until {created.expires}. We keep only a fingerprint of it, so it
            cannot be shown again: if you lose it, revoke it and make a new one. Send it to that one person only, over a
            channel your employer cannot read.
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
        <TableScroll label="Table of preview links">
          <table className="w-full text-left">
            <caption className="sr-only">Preview links, newest first</caption>
            <thead className="border-b border-stone-200 bg-stone-50">
              <tr>
                <th scope="col" className="p-3 font-semibold">
                  For
                </th>
                <th scope="col" className="p-3 font-semibold">
                  Embargoed until
                </th>
                <th scope="col" className="p-3 font-semibold">
                  Works until
                </th>
                <th scope="col" className="p-3 font-semibold">
                  Opened
                </th>
                <th scope="col" className="p-3 font-semibold">
                  Status
                </th>
                <th scope="col" className="p-3 font-semibold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {previews.map((p) => (
                <tr key={p.id}>
                  <td className="p-3">{p.label}</td>
                  <td className="p-3">{p.embargo}</td>
                  <td className="p-3">{p.expires}</td>
                  <td className="p-3">{p.openCount === 1 ? "once" : `${p.openCount.toLocaleString("en")} times`}</td>
                  <td className="p-3">{STATE_WORDS[p.state]}</td>
                  <td className="p-3">
                    {p.state === "active" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke-preview" />
                        <button
                          type="submit"
                          name="previewId"
                          value={p.id}
                          disabled={navigation.state === "submitting"}
                          className="button button-secondary"
                        >
                          {navigation.formData?.get("previewId") === p.id ? "Revoking…" : "Revoke"}
                          <span className="sr-only"> the link for {p.label}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="text-sm text-stone-700">
        &ldquo;Opened&rdquo; counts visits to a link, nothing more: we keep no trace of who opened it. Mail security
        scanners sometimes open links too, so a count is a hint, not proof.
      </p>

      {awaitsPublication(letter.status) ? (
        <Form method="post" {...getFormProps(form)} className="form-card rounded-lg border border-stone-300 bg-white p-5">
          <h3 className="text-xl font-semibold">Make a preview link by hand</h3>
          <p>For someone not on the press list, or to send through another channel.</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field field={fields.label} label="Who it is for" hint="Name and outlet, e.g. “Jane Doe, The Example Times”." autoFocus={focus === "label"} />
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

type EmbargoMetadata = { embargoDate: FieldMetadata<string>; embargoTime: FieldMetadata<string>; expiresInDays: FieldMetadata<string> };

function EmbargoFields({ fields, focus }: { fields: EmbargoMetadata; focus?: string }) {
  return (
    <>
      <fieldset className="space-y-4">
        <legend className="font-medium">Embargo (UTC)</legend>
        <p className="text-sm text-slate-700">Journalists may not publish before this moment. It is shown on the preview and in the mail.</p>
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
        hint="From 1 to 90 days. You can revoke it sooner."
        autoFocus={focus === "expiresInDays"}
      />
    </>
  );
}

function PressListSection({ loaded, lastResult }: { loaded: LoaderData; lastResult?: ActionData }) {
  const { contacts } = loaded;
  const navigation = useNavigation();
  const [form, fields] = useZodForm(contactFields, { id: "add-contact", lastResult });
  const focus = firstErrorField(fields, ["name", "outlet", "email"]);
  return (
    <section aria-labelledby="press-list-title" className="space-y-6">
      <h2 id="press-list-title" className="text-2xl font-semibold">
        Press list
      </h2>
      {contacts.length === 0 ? (
        <p>Nobody on the press list yet. Add the journalists you trust below, then send the letter to them.</p>
      ) : (
        <TableScroll label="Table of the press list">
          <table className="w-full text-left">
            <caption className="sr-only">Press contacts, by name, with what was sent to each</caption>
            <thead className="border-b border-stone-200 bg-stone-50">
              <tr>
                <th scope="col" className="p-3 font-semibold">
                  Name
                </th>
                <th scope="col" className="p-3 font-semibold">
                  Outlet
                </th>
                <th scope="col" className="p-3 font-semibold">
                  Email
                </th>
                <th scope="col" className="p-3 font-semibold">
                  Sent
                </th>
                <th scope="col" className="p-3 font-semibold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {contacts.map((c) => (
                <tr key={c.id}>
                  <td className="p-3">{c.name}</td>
                  <td className="p-3">{c.outlet}</td>
                  <td className="p-3 break-all">{c.email}</td>
                  <td className="p-3">
                    {c.deliveries.length === 0 ? (
                      "Nothing yet"
                    ) : (
                      <ul className="space-y-1">
                        {c.deliveries.map((d) => (
                          <li key={d.id}>
                            {KIND_WORDS[d.kind] ?? d.kind}, {d.date}:{" "}
                            <strong className={d.status === "FAILED" ? "text-red-800" : undefined}>
                              {DELIVERY_WORDS[d.status] ?? d.status.toLowerCase()}
                            </strong>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="p-3">
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-contact" />
                      <button
                        type="submit"
                        name="contactId"
                        value={c.id}
                        disabled={navigation.state === "submitting"}
                        className="button button-secondary"
                      >
                        {navigation.formData?.get("contactId") === c.id ? "Removing…" : "Remove"}
                        <span className="sr-only"> {c.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
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
        <Field field={fields.outlet} label="Outlet" hint="A publication, or “freelance”." autoComplete="off" autoFocus={focus === "outlet"} />
        <Field field={fields.email} label="Email" type="email" autoComplete="off" autoFocus={focus === "email"} hint="Their press address. Nothing is sent until you choose to send." />
        <SubmitButton name="intent" value="add-contact" pendingText="Adding…">
          Add to the press list
        </SubmitButton>
      </Form>
    </section>
  );
}

function SendSection({ loaded, lastResult }: { loaded: LoaderData; lastResult?: ActionData }) {
  const { letter, contacts, defaults } = loaded;
  const kind = isPublished(letter.status) ? "published" : "preview";
  const [form, fields] = useZodForm<typeof sendFields, FormShape<typeof sendFields>>(sendFields, { id: "send-to-press", lastResult, defaultValue: { kind, embargoDate: defaults.date, embargoTime: defaults.time, expiresInDays: defaults.expiresInDays } });
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
          {getCollectionProps(fields.contactIds, { type: "checkbox", options: contacts.map((c) => c.id) }).map(({ key, ...props }, index) => (
            <div key={key} className="flex items-start gap-3">
              <input {...props} autoFocus={focus === "contactIds" && index === 0} className="mt-1 h-5 w-5 shrink-0 accent-accent-700" />
              <label htmlFor={props.id}>{labels.get(String(props.value))}</label>
            </div>
          ))}
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
