// After publication (issue 16): the organizers post dated updates on the public
// page, mailed within the caps to signers who asked, and may send the letter to its
// addressee if they did not on publishing. Nested under my.letters.$id (flat routes).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { FormErrors, SubmitButton, TextAreaField, firstErrorField, useZodForm } from "~/components/forms";
import { LetterPageHeader } from "~/components/letter-page-header";
import { addresseeEmailsField, MAX_ADDRESSEE_EMAILS } from "~/domain/letters/after-publication/addressee-emails";
import { deliverToAddressee } from "~/domain/letters/after-publication/deliver-to-addressee.server";
import { postUpdate, updatesForOrganizer } from "~/domain/letters/after-publication/post-update.server";
import { UPDATE_MAIL_CAP, UPDATE_MAX_CHARS, updateSchema, type UpdateMailing } from "~/domain/letters/after-publication/update-rules";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { letterIdFrom } from "~/http/letter-param.server";
import { organizerSubmission } from "~/http/organizer-form.server";
import { formatDay } from "~/lib/dates";
import { dashboardPath } from "~/lib/organizer-paths";

const postSchema = updateSchema.extend({ intent: z.literal("post-update") });
const deliverSchema = z.object({ intent: z.literal("deliver"), addresseeEmails: addresseeEmailsField });
const actionSchema = z.discriminatedUnion("intent", [postSchema, deliverSchema]);

export const meta: MetaFunction = () => [{ title: "Updates — Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const view = await updatesForOrganizer(user.id, letterIdFrom(params));
  return {
    letter: view.letter,
    mailedSoFar: view.mailedSoFar,
    mailing: mailingSentence(view.nextMailing),
    updates: view.updates.map((u) => ({ id: u.id, bodyHtml: u.bodyHtml, postedOn: formatDay(u.postedAt), mailed: u.mailed })),
    delivery: {
      queued: view.delivery.queuedAt !== null,
      status: view.delivery.status,
      deliveredOn: view.delivery.deliveredAt ? formatDay(view.delivery.deliveredAt) : null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, letterId, submission } = await organizerSubmission(request, params, actionSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    const value = submission.value;
    if (value.intent === "post-update") await postUpdate(user.id, letterId, value.body);
    else await deliverToAddressee(user.id, letterId, value.addresseeEmails);
    return redirect(dashboardPath(letterId, "updates"));
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

/** One sentence, before posting, on whether this update will be mailed. */
function mailingSentence(next: UpdateMailing) {
  if (next.mailed) {
    return "This update will also be mailed to the signers who left a contact address and did not unsubscribe; each mail has a one-click unsubscribe link.";
  }
  if (next.reason === "cap") {
    return `This update will be on the public page but not mailed: signers get at most ${UPDATE_MAIL_CAP} updates by mail, and they have had them all.`;
  }
  return `This update will be on the public page but not mailed: signers get at most one update a week by mail, so the next one can be mailed from ${formatDay(next.nextOn)}.`;
}

export default function LetterUpdatesPage() {
  const { letter, mailing, mailedSoFar, updates, delivery } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [postForm, postFields] = useZodForm(postSchema, { id: "post-update", lastResult });
  const [deliverForm, deliverFields] = useZodForm(deliverSchema, { id: "deliver", lastResult });
  const focus = firstErrorField({ ...postFields, ...deliverFields }, ["body", "addresseeEmails"]);

  if (!letter.publicPath) {
    return (
      <div className="max-w-2xl space-y-6">
        <p>
          <Link to={dashboardPath(letter.id)}>← Dashboard</Link>
        </p>
        <h1 className="text-3xl font-bold">Updates come after publication</h1>
        <p>Once the letter is published you can post updates on its public page here, such as the company&rsquo;s answer.</p>
      </div>
    );
  }
  return (
    <div className="max-w-3xl space-y-10">
      <LetterPageHeader letterId={letter.id} eyebrow="After publication" title="Updates and delivery" className="space-y-3">
        <p>
          Updates appear on the <Link to={letter.publicPath}>public page</Link>, newest first, in its feed and its JSON record, dated by the
          day. {mailedSoFar} of {UPDATE_MAIL_CAP} updates mailed so far.
        </p>
      </LetterPageHeader>

      <section aria-labelledby="post-title">
        <Form method="post" {...getFormProps(postForm)} className="form-card space-y-4 rounded-lg border border-stone-300 bg-white p-5">
          <h2 id="post-title" className="text-2xl font-semibold">
            Post an update
          </h2>
          <FormErrors id={postForm.errorId} errors={postForm.errors} />
          <TextAreaField
            field={postFields.body}
            label="The update"
            rows={8}
            hint={`Markdown, like the letter (no images or raw HTML), at most ${UPDATE_MAX_CHARS.toLocaleString("en")} characters: e.g. the company's answer, or what happens next. It is public for good once posted.`}
            autoFocus={focus === "body"}
          />
          <p className="rounded-md border border-stone-300 bg-stone-50 p-3">{mailing}</p>
          <input type="hidden" name="intent" value="post-update" />
          <SubmitButton pendingText="Posting…">Post the update</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="deliver-title" className="space-y-3">
        <h2 id="deliver-title" className="text-2xl font-semibold">
          Send it to {letter.addressee}
        </h2>
        {delivery.queued ? (
          <p>
            {delivery.status === "SENT"
              ? `Delivered on ${delivery.deliveredOn}: the public page says so, with the addressee's name only.`
              : delivery.status === "FAILED"
                ? "The addressee's mail server did not take the letter after several tries. It is sent once, so it is not retried from here."
                : "Sent: waiting for the mail server to take it. The public page will say on which day it was delivered."}
          </p>
        ) : (
          <Form
            method="post"
            {...getFormProps(deliverForm)}
            className="form-card space-y-4 rounded-lg border border-stone-300 bg-white p-5"
          >
            <FormErrors id={deliverForm.errorId} errors={deliverForm.errors} />
            <TextAreaField
              field={deliverFields.addresseeEmails}
              label="Their email address"
              rows={2}
              hint={`Up to ${MAX_ADDRESSEE_EMAILS}, separated by commas. They get the letter and its PDF once; the public page says on which day, never to which address.`}
              autoFocus={focus === "addresseeEmails"}
            />
            <input type="hidden" name="intent" value="deliver" />
            <SubmitButton pendingText="Sending…">Send the letter</SubmitButton>
          </Form>
        )}
      </section>

      <section aria-labelledby="posted-title" className="space-y-3">
        <h2 id="posted-title" className="text-2xl font-semibold">
          Posted updates
        </h2>
        {updates.length === 0 ? <p>None yet. Your first update will show here and on the public page.</p> : null}
        <ol className="space-y-4">
          {updates.map((u) => (
            <li key={u.id} className="rounded-lg border border-stone-300 bg-white p-5">
              <p className="text-sm font-semibold text-stone-700">
                {u.postedOn} · {u.mailed ? "mailed to signers who asked" : "on the page only, not mailed"}
              </p>
              <div className="mt-2 font-serif" dangerouslySetInnerHTML={{ __html: u.bodyHtml }} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
