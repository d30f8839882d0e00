// The final review before publication: exactly what will be public (the record
// publishing would store now), then Publish. Nested under my.letters.$id (flat
// routes), whose page renders this one in its place.
import { unnamedBeforePublication } from "~/domain/letters/name-conditions";
import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { PublishedRecord } from "~/components/published-record";
import { ConfirmField } from "~/components/forms";
import { publishLetter, reviewForPublication } from "~/domain/letters/publish-letter.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { formatDay } from "~/lib/dates";
import { isPublished, LetterStatus } from "~/domain/letters/lifecycle";
import { dashboardPath } from "~/lib/organizer-paths";
import { publicLetterPath } from "~/lib/public-urls";
import type { loader as dashboardLoader } from "./my.letters.$id";
import { namesPageFrom } from "~/domain/letters/signatory-pages";
import { letterIdFrom } from "~/http/letter-param.server";
import { organizerSubmission } from "~/http/organizer-form.server";
import { LetterPageHeader } from "~/components/letter-page-header";
import { TextAreaField } from "~/components/forms";
import { addresseeEmailsField, MAX_ADDRESSEE_EMAILS } from "~/domain/letters/after-publication/addressee-emails";

const DASHBOARD = "routes/my.letters.$id";

export const meta: MetaFunction<typeof loader, { [DASHBOARD]: typeof dashboardLoader }> = ({ matches }) => {
  const title = matches.find((m) => m.id === DASHBOARD)?.data?.letter.title;
  return [{ title: title ? `Final review of “${title}” — Undersigned` : "Final review — Undersigned" }];
};

const schema = z.object({
  confirmPublish: z.literal(true, { message: "Tick the box to confirm that the letter and every name become public." }),
  // Optional: left empty, nothing is sent to the addressee (it can be sent later from the updates page).
  addresseeEmails: addresseeEmailsField.optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const letterId = letterIdFrom(params);
  const { status, publicSlug, review, stillSealed } = await reviewForPublication(user.id, letterId, namesPageFrom(request));
  if (!review) return { letterId, status, publicPath: publicSlug ? publicLetterPath(publicSlug) : null, review: null, stillSealed: null };
  return {
    letterId,
    status,
    publicPath: null,
    stillSealed,
    review: {
      ...review,
      publishedOn: formatDay(review.publishedOn),
      publishedDay: review.publishedOn.toISOString().slice(0, 10),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, letterId, submission } = await organizerSubmission(request, params, schema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    const { publicSlug } = await publishLetter(user.id, letterId, { deliverTo: submission.value.addresseeEmails ?? [] });
    return redirect(publicLetterPath(publicSlug));
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export default function FinalReview() {
  const { letterId, status, publicPath, review, stillSealed } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(schema, { id: "publish-letter", lastResult });
  const focus = firstErrorField(fields, ["addresseeEmails", "confirmPublish"]);

  if (!review) {
    return (
      <div className="max-w-2xl space-y-6">
        <p className="no-print">
          <Link to={dashboardPath(letterId)}>← Dashboard</Link>
        </p>
        <h1 className="text-3xl font-bold">{isPublished(status) ? "This letter is published" : "This letter cannot be published"}</h1>
        <FormErrors id={form.errorId} errors={form.errors} />
        <p>{notReviewable(status)}</p>
        <p>
          {publicPath ? (
            <Link to={publicPath} className="button button-primary">
              See the public page
            </Link>
          ) : (
            <Link to={dashboardPath(letterId)} className="button button-primary">
              Back to the dashboard
            </Link>
          )}
        </p>
      </div>
    );
  }

  const count = review.letter.count.toLocaleString("en");
  return (
    <div className="space-y-10">
      <LetterPageHeader letterId={letterId} eyebrow="Final review" title="Check exactly what will be public" className="space-y-3">
        <p className="max-w-3xl">
          Publishing makes this page public for anyone, with a PDF and the signatory list as CSV and JSON: the text, the date, every name
          below and how the signatures were checked. It cannot be undone.
        </p>
        <p className="max-w-3xl rounded-md border border-stone-300 bg-white p-4">
          <strong>The list may still change until you publish.</strong> Signers can withdraw, and people can still sign, until the moment of
          publication; the list is taken then, and is final from then on.
        </p>
      </LetterPageHeader>

      <section aria-labelledby="date-title" className="space-y-2">
        <h2 id="date-title" className="text-2xl font-semibold">
          The date it will carry
        </h2>
        <p>
          <time dateTime={review.publishedDay}>{review.publishedOn}</time> (today), the day only: no time of day is ever shown.
        </p>
      </section>

      {stillSealed && stillSealed.waiting > 0 ? (
        <p role="alert" className="rounded-md border border-amber-600 bg-amber-50 p-4 text-amber-950">
          <strong>
            {stillSealed.waiting.toLocaleString("en")} {stillSealed.waiting === 1 ? "signature is" : "signatures are"} still sealed
          </strong>
          , waiting for the trustees to release {stillSealed.waiting === 1 ? "its" : "their"} shares (signed between one trustee’s release
          and the last one needed). The letter can be published once they are readable; the trustees see them on their page.
        </p>
      ) : null}

      {review.textUnchanged ? (
        <p className="rounded-md border border-accent-300 bg-accent-50 p-4">
          <strong>Unchanged since the letter opened.</strong> Its SHA-256 fingerprint, recomputed now, matches the one frozen when it opened
          and that every signer signed: <span className="break-all font-mono text-sm">{review.letter.textHash}</span>
        </p>
      ) : (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900">
          <strong>The text no longer matches the fingerprint frozen when the letter opened.</strong> It cannot be published: signers signed
          other words.
        </p>
      )}

      <PublishedRecord
        record={review.letter}
        day={{ iso: review.publishedDay, inWords: review.publishedOn }}
        names={review.signatories}
        headingLevel={2}
        namesNote={review.letter.unnamed ? <p data-unnamed-note="">{unnamedBeforePublication(review.letter.unnamed.count)}</p> : undefined}
      />

      <section aria-labelledby="publish-title" className="no-print">
        <Form method="post" {...getFormProps(form)} className="form-card rounded-lg border border-stone-300 bg-white p-5">
          <h2 id="publish-title" className="text-2xl font-semibold">
            Publish
          </h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <p>The letter gets a public address made from its title. Signers who left a contact address are sent the link.</p>
          <TextAreaField
            field={fields.addresseeEmails}
            label={`Also send it to ${review.letter.addressee} (optional)`}
            rows={2}
            hint={`Their email address (up to ${MAX_ADDRESSEE_EMAILS}, separated by commas): they get the letter and its PDF once, and the public page says on which day it was delivered, never to which address. Leave empty to send nothing.`}
            autoFocus={focus === "addresseeEmails"}
          />
          <ConfirmField
            field={fields.confirmPublish}
            label={`I have read the letter and the list: publish it with these ${count} ${review.letter.count === 1 ? "name" : "names"}.`}
            hint="Every name becomes public for good, and signatures can no longer be withdrawn. This cannot be undone."
            autoFocus={focus === "confirmPublish"}
          />
          {review.textUnchanged ? (
            <SubmitButton pendingText="Publishing…">Publish the letter</SubmitButton>
          ) : (
            <p>Publishing is not possible while the text does not match its fingerprint.</p>
          )}
        </Form>
      </section>
    </div>
  );
}

function notReviewable(status: LetterStatus): string {
  switch (status) {
    case LetterStatus.PUBLISHED:
      return "It is public, with its signatories. The list is final: nobody can sign or withdraw any more.";
    case LetterStatus.DRAFT:
      return "A draft must first be opened for signatures, and reach its threshold, before it can be published.";
    case LetterStatus.OPEN:
      return "It has not reached its threshold yet: the names are still sealed. Once enough people sign, they are revealed together and you can review and publish the letter here.";
    case LetterStatus.COOLING_OFF:
      return "It reached its threshold, but the names stay sealed until its cooling-off period ends (unless withdrawals bring the count below the threshold first). Then you can review and publish the letter here.";
    case LetterStatus.AWAITING_TRUSTEES:
      return "It reached its threshold, but the names stay sealed until enough of its trustees release them. Then you can review and publish the letter here.";
    case LetterStatus.EXPIRED:
    case LetterStatus.CANCELLED:
      return "It is closed, and every sealed name was destroyed: there is nothing to publish.";
    case LetterStatus.REVEALED:
      return "Only a letter whose names were revealed can be published.";
  }
}
