// The organizer's press page: embargoed preview links, the press list, sending
// to it, and what became of each mail. Nested under my.letters.$id (flat routes),
// the layout of a letter's pages, which renders this page in its place. Its
// sections are beside this file; the forms' rules are the domain's (press-forms.ts).
import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { FormErrors } from "~/components/forms";
import { awaitsPublication, isClosed, namesVisible } from "~/domain/letters/lifecycle";
import { sendToPress } from "~/domain/press/deliver.server";
import { pressFormDefaults } from "~/domain/press/embargo";
import { pressActionSchema, previewInputFrom, sendInputFrom } from "~/domain/press/press-forms";
import { addPressContact, removePressContact } from "~/domain/press/press-list.server";
import { createPreview, revokePreview } from "~/domain/press/previews.server";
import { viewPress } from "~/domain/press/view-press.server";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { letterIdFrom } from "~/http/letter-param.server";
import { organizerSubmission } from "~/http/organizer-form.server";
import { formatDay, formatUtcMoment } from "~/lib/dates";
import type { loader as letterLoader } from "../my.letters.$id";
import { PressListSection } from "./press-list-section";
import { PreviewsSection } from "./previews-section";
import { SendSection } from "./send-section";
import { dashboardPath } from "~/lib/organizer-paths";
import { LetterPageHeader } from "~/components/letter-page-header";

const LETTER = "routes/my.letters.$id";

export const meta: MetaFunction<null, { [LETTER]: typeof letterLoader }> = ({ matches }) => {
  const title = matches.find((m) => m.id === LETTER)?.data?.letter.title;
  return [{ title: title ? `Press — “${title}” — Undersigned` : "Press — Undersigned" }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const view = await viewPress(user.id, letterIdFrom(params));
  const sent = Number(new URL(request.url).searchParams.get("sent"));
  return {
    letter: { id: view.letter.id, title: view.letter.title, status: view.letter.status, publicUrl: view.letter.publicUrl },
    sentCount: Number.isInteger(sent) && sent > 0 ? sent : null,
    defaults: pressFormDefaults(),
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
  // Someone else's letter is a 404 whatever the form holds.
  const { user, letterId, submission } = await organizerSubmission(request, params, pressActionSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  const pressPage = dashboardPath(letterId, "press");
  const value = submission.value;
  try {
    switch (value.intent) {
      case "create-preview": {
        const created = await createPreview(user.id, letterId, previewInputFrom(value));
        // The link exists only in this answer: it is shown once and never stored.
        return data({
          ...submission.reply({ resetForm: true }),
          created: {
            url: created.url,
            label: created.label,
            embargo: formatUtcMoment(created.embargoUntil),
            expires: formatDay(created.expiresAt),
          },
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
        const send = sendInputFrom(value);
        if ("fieldErrors" in send) return data(submission.reply({ fieldErrors: send.fieldErrors }), { status: 400 });
        const sent = await sendToPress(user.id, letterId, send.input);
        return redirect(`${pressPage}?sent=${sent.count}`);
      }
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export type PressActionData = SubmissionResult<string[]> & { created?: { url: string; label: string; embargo: string; expires: string } };
export type PressPageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PressPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PressActionData | undefined;
  const { letter } = loaded;
  // A created link's reply resets its form, and a reset reply carries no values.
  const intent = actionData?.created ? "create-preview" : actionData?.initialValue?.intent;
  const lastFor = (name: string) => (intent === name ? actionData : undefined);
  const known = ["create-preview", "add-contact", "send"];
  // Errors of the small row forms (revoke, remove) or of no known form go on top.
  const otherErrors = actionData && !known.includes(String(intent)) ? Object.values(actionData.error ?? {}).flatMap((e) => e ?? []) : [];
  const ready = namesVisible(letter.status);
  const deliveryCount = loaded.contacts.reduce((n, c) => n + c.deliveries.length, 0);

  return (
    <div className="space-y-12">
      <LetterPageHeader letterId={letter.id} eyebrow="Press" title={letter.title}>
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
            {loaded.sentCount === 1 ? "1 mail is" : `${loaded.sentCount.toLocaleString("en")} mails are`} on the way. Their status shows in
            the press list below.
          </p>
        ) : null}
      </LetterPageHeader>

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
          {loaded.contacts.length > 0 ? <SendSection key={`send-${deliveryCount}`} loaded={loaded} lastResult={lastFor("send")} /> : null}
        </>
      )}
    </div>
  );
}
