// The organizer's dashboard for one letter, and the parent of /letters/$id/edit
// (which renders in its place through the outlet and reuses this loader's data).
import { getFormProps} from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useOutlet } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/current-user.server";
import { FormErrors, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { LetterText } from "~/components/letter-text";
import { ConfirmField } from "~/components/forms";
import { OrganizerStatusBadge } from "~/components/organizer-status-badge";
import { StatusPanel } from "~/components/status-panel";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { viewDashboard } from "~/domain/letters/view-letter.server";
import { acceptsSignatures, awaitsPublication, isCollecting, isEditable, namesVisible } from "~/domain/letters/lifecycle";
import { namesPageFrom } from "~/domain/letters/signatory-pages";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { daysLeft, formatDay, startOfDayUtc } from "~/lib/dates";
import { SignatoryPager, SignatoryTable } from "~/components/signatory-table";
import { letterIdFrom } from "~/http/letter-param.server";
import { parseForm } from "~/http/read-form.server";

// Page titles may name an organizer's own letter, never its private link.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.letter.title} — dashboard — Undersigned` : "Letter — Undersigned" },
];

// Each form's own fields (also its client-side check); the action takes the union, by intent.
const openFields = z.object({
  confirmFrozen: z.literal(true, { message: "Tick the box to confirm that the text can no longer change once open." }),
});
const cancelFields = z.object({
  confirmDestroy: z.literal(true, { message: "Tick the box to confirm that everything sealed is destroyed." }),
});
const schema = z.discriminatedUnion("intent", [
  openFields.extend({ intent: z.literal("open") }),
  cancelFields.extend({ intent: z.literal("cancel") }),
]);

const AUDIT_WORDS: Record<string, string> = {
  created: "Draft created",
  edited: "Draft edited",
  opened: "Opened for signatures — the text was frozen",
  revealed: "Threshold met — the names were revealed",
  published: "Published",
  expired: "Deadline passed below the threshold — every sealed name was destroyed",
  cancelled: "Cancelled — every sealed name was destroyed",
  "signatures-added": "One or more signatures were added",
  "signatures-withdrawn": "One or more signatures were withdrawn",
  "organizer-invited": "Invited a co-organizer",
  "organizer-joined": "Joined as a co-organizer",
  "invitation-cancelled": "Cancelled an invitation to co-organize",
  "preview-created": "Made a press preview link",
  "preview-revoked": "Revoked a press preview link",
  "press-sent": "Sent the letter to the press list",
};
// Written by the count batch (recordDailyAudit): one line per day, no count, no actor.
const SIGNATURE_KINDS = new Set(["signatures-added", "signatures-withdrawn"]);

type AuditRow = { id: string; kind: string; detail?: string | null; createdAt: string; actorName?: string | null };

/**
 * The audit trail as the page shows it. Signature events never say who or how many:
 * one line per day and kind, and only once that day is over (UTC), so the trail cannot
 * tick up minutes after a colleague's verification email (privacy model, rule 4), nor
 * count signers below five.
 */
function auditTrail(events: AuditRow[], now = new Date()) {
  const today = startOfDayUtc(now).getTime();
  const seen = new Set<string>();
  // `by`: the organizer who acted, by display name; never set on signature lines.
  const rows: { key: string; label: string; date: string; day: string; by: string | null }[] = [];
  for (const event of events) {
    const day = event.createdAt.slice(0, 10);
    const label =
      event.kind === "invitation-cancelled" && event.detail === "declined"
        ? "An invitation to co-organize was declined"
        : (AUDIT_WORDS[event.kind] ?? event.kind.replaceAll("-", " "));
    if (SIGNATURE_KINDS.has(event.kind)) {
      const key = `${event.kind}:${day}`;
      if (new Date(event.createdAt).getTime() >= today || seen.has(key)) continue;
      seen.add(key);
      rows.push({ key, label, date: formatDay(event.createdAt), day, by: null });
    } else {
      rows.push({ key: event.id, label, date: formatDay(event.createdAt), day, by: event.actorName ?? null });
    }
  }
  return rows;
}

function daysInWords(days: number) {
  return days === 1 ? "1 day" : `${days.toLocaleString("en")} days`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const letterId = letterIdFrom(params);
  // Pages nested under the dashboard (review, press, organizers, edit) run this
  // loader too, but show no names: only the dashboard itself unseals them.
  const onDashboard = new URL(request.url).pathname.replace(/(\.data)?\/*$/, "") === `/my/letters/${letterId}`;
  const view = await viewDashboard(user.id, letterId, { withNames: onDashboard, namesPage: namesPageFrom(request) });
  // Only what the page shows goes to the browser: no raw audit rows, no signature ids.
  return {
    letter: {
      id: view.id,
      status: view.status,
      title: view.title,
      addressee: view.addressee,
      body: view.body,
      bodyHtml: view.bodyHtml,
      organizationName: view.organizationName,
      allowedDomains: view.allowedDomains,
      threshold: view.threshold,
      deadline: view.deadline,
      noteToSigners: view.noteToSigners,
      textHash: view.textHash,
      count: view.count,
    },
    deadlineInWords: formatDay(view.deadline),
    daysLeft: daysLeft(view.deadline),
    // Set while the letter takes signatures (a revealed one does, until it is published).
    shareUrl: view.sharePath ? absoluteUrl(view.sharePath) : null,
    audit: auditTrail(view.audit),
    signatories: view.signatories,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const letterId = letterIdFrom(params);
  const submission = await parseForm(request, schema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    // A non-organizer gets the domain's NotFoundError: rethrown, answered 404.
    switch (submission.value.intent) {
      case "open":
        await openLetter(user, letterId);
        return redirect(`/my/letters/${letterId}`);
      case "cancel":
        await cancelLetter(user.id, letterId);
        return redirect(`/my/letters/${letterId}`);
    }
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

export default function LetterRoute() {
  // /letters/$id/edit renders instead of the dashboard.
  const outlet = useOutlet();
  return outlet ?? <Dashboard />;
}

function Dashboard() {
  const { letter, deadlineInWords, daysLeft, shareUrl, audit, signatories } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const intent = lastResult?.initialValue?.intent;

  const [openForm, openFormFields] = useZodForm(openFields, { id: "open-letter", lastResult: intent === "open" ? lastResult : undefined });
  const [cancelForm, cancelFormFields] = useZodForm(cancelFields, { id: "cancel-letter", lastResult: intent === "cancel" ? lastResult : undefined });
  const openFocus = firstErrorField(openFormFields, ["confirmFrozen"]);
  const cancelFocus = firstErrorField(cancelFormFields, ["confirmDestroy"]);
  // A request with no known intent belongs to neither form: say so at the top.
  const otherErrors =
    lastResult && intent !== "open" && intent !== "cancel" ? Object.values(lastResult.error ?? {}).flatMap((e) => e ?? []) : [];

  const isDraft = isEditable(letter.status);
  const isOpen = isCollecting(letter.status);

  return (
    <div className="space-y-10">
      <header className="space-y-2">
        <p className="no-print">
          <Link to="/my/letters">← My letters</Link>
        </p>
        <p className="text-sm font-semibold uppercase tracking-wide text-stone-700">Letter dashboard</p>
        <h1 className="text-3xl font-bold">{letter.title}</h1>
        <p>
          <OrganizerStatusBadge status={letter.status} />
        </p>
        <p className="no-print">
          <Link to={`/my/letters/${letter.id}/organizers`}>Organizers</Link>: who runs this letter with you, and invitations
        </p>
        {namesVisible(letter.status) ? (
          <p className="no-print">
            <Link to={`/my/letters/${letter.id}/press`}>Press</Link>: embargoed previews, the press list and what was sent
          </p>
        ) : null}
        <FormErrors id="dashboard-errors" errors={otherErrors} />
      </header>

      <div className="grid gap-10 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <aside className="space-y-4 lg:col-start-2 lg:row-start-1">
          <StatusPanel
            status={letter.status}
            count={letter.count}
            threshold={letter.threshold}
            deadline={letter.deadline}
            audience="organizer"
          />
        </aside>

        <div className="min-w-0 space-y-12 lg:col-start-1 lg:row-start-1">
          {isDraft ? (
            <section aria-labelledby="next-title" className="space-y-4">
              <h2 id="next-title" className="text-2xl font-semibold">
                What happens next
              </h2>
              <p>
                Read the letter below as signers will. <Link to={`/my/letters/${letter.id}/edit`}>Edit the draft</Link>{" "}
                until it reads right, then open it.
              </p>
              <Form method="post" {...getFormProps(openForm)} className="form-card rounded-lg border border-stone-300 bg-white p-5">
                <h3 className="text-xl font-semibold">Open the letter for signatures</h3>
                <FormErrors id={openForm.errorId} errors={openForm.errors} />
                <p>
                  Opening freezes the text: every signer signs these exact words, checked by a fingerprint of the text.
                  You then get the private link to share. Signatures are collected until {deadlineInWords}.
                </p>
                <ConfirmField
                  field={openFormFields.confirmFrozen}
                  label="I understand the text is frozen once open."
                  hint="Title, addressee and letter can no longer change, not even to fix a typo."
                  autoFocus={openFocus === "confirmFrozen"}
                />
                <SubmitButton name="intent" value="open" pendingText="Opening the letter…">
                  Open the letter
                </SubmitButton>
              </Form>
            </section>
          ) : null}

          {namesVisible(letter.status) ? (
            <section aria-labelledby="publish-title" className="no-print space-y-3">
              <h2 id="publish-title" className="text-2xl font-semibold">
                {awaitsPublication(letter.status) ? "Publish the letter" : "Published"}
              </h2>
              <p>
                {awaitsPublication(letter.status)
                  ? "The threshold is met. Check exactly what will be public — the text, the date, every name — then publish."
                  : "The letter and its signatories are public."}
              </p>
              <p>
                <Link to={`/my/letters/${letter.id}/review`} className="button button-primary">
                  {awaitsPublication(letter.status) ? "Final review" : "Where it is published"}
                </Link>
              </p>
            </section>
          ) : null}

          {/* A revealed letter still takes signatures until it is published. */}
          {acceptsSignatures(letter.status) && shareUrl ? (
            <section aria-labelledby="share-title" className="space-y-3">
              <h2 id="share-title" className="text-2xl font-semibold">
                Share the private link
              </h2>
              <label htmlFor="share-link" className="block font-medium">
                Private link to the letter
              </label>
              <input
                id="share-link"
                type="text"
                readOnly
                value={shareUrl}
                aria-describedby="share-advice"
                className="input w-full font-mono text-sm"
              />
              <div id="share-advice" className="space-y-2 text-stone-800">
                <p>
                  <strong>Share it person to person, not on work channels.</strong> Your employer can read company chat
                  and email: pass the link on through personal messaging, from a personal device.
                </p>
                <p>Anyone holding the link can read the letter; only people with an address at an allowed domain can sign it.</p>
              </div>
            </section>
          ) : null}

          {signatories ? (
            <section aria-labelledby="names-title" className="space-y-3">
              <h2 id="names-title" className="text-2xl font-semibold">
                Signatories
              </h2>
              {signatories.total === 0 ? (
                <p>No signatures remain: every signer withdrew.</p>
              ) : (
                <>
                  <SignatoryPager names={signatories} label="Pages of signatories" />
                  <SignatoryTable signatories={signatories.rows} caption={`${signatories.total.toLocaleString("en")} signatories, by name`} />
                </>
              )}
            </section>
          ) : null}

          <section aria-labelledby="text-title" className="space-y-4">
            <h2 id="text-title" className="text-2xl font-semibold">
              {isDraft ? "The draft, as signers will read it" : "The letter"}
            </h2>
            <div className="rounded-lg border border-stone-300 bg-white p-6 sm:p-10">
              <LetterText
                title={letter.title}
                addressee={letter.addressee}
                bodyHtml={letter.bodyHtml}
                organizationName={letter.organizationName}
                textHash={letter.textHash}
                headingLevel={3}
              />
            </div>
          </section>

          <section aria-labelledby="details-title" className="space-y-3">
            <h2 id="details-title" className="text-2xl font-semibold">
              Details
            </h2>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
              <dt className="font-medium">Organization</dt>
              <dd>{letter.organizationName}</dd>
              <dt className="font-medium">Who can sign</dt>
              <dd>People with a work address at {letter.allowedDomains.join(", ")}</dd>
              <dt className="font-medium">Reveal threshold</dt>
              <dd>{letter.threshold.toLocaleString("en")} signatures</dd>
              <dt className="font-medium">Deadline</dt>
              <dd>
                {deadlineInWords}
                {isDraft || isOpen ? ` (${daysInWords(daysLeft)} left)` : null}
              </dd>
              <dt className="font-medium">Note to signers</dt>
              <dd className="whitespace-pre-line">{letter.noteToSigners ?? "None"}</dd>
            </dl>
          </section>

          <section aria-labelledby="audit-title" className="space-y-3">
            <h2 id="audit-title" className="text-2xl font-semibold">
              What happened
            </h2>
            <p className="text-sm text-stone-700">
              Newest first. Signatures appear once a day is over, as one line per day: never who, never how many.
            </p>
            {audit.length === 0 ? (
              <p>Nothing yet.</p>
            ) : (
              <ol className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
                {audit.map((row) => (
                  <li key={row.key} className="flex flex-wrap gap-x-4 p-3">
                    <time dateTime={row.day} className="w-40 shrink-0 text-stone-700">
                      {row.date}
                    </time>
                    <span>{row.label}</span>
                    {row.by ? <span className="text-stone-700">by {row.by}</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>

          {isDraft || isOpen ? (
            <section aria-labelledby="cancel-title" className="form-card">
              <h2 id="cancel-title" className="text-2xl font-semibold">
                Cancel the letter
              </h2>
              <p>
                {isOpen
                  ? "Cancelling closes the letter for good. Every sealed name is destroyed at once, so nobody will ever see them, you included, and signers who left a contact address are told."
                  : "Cancelling closes this draft for good: it can no longer be edited or opened."}{" "}
                This cannot be undone.
              </p>
              <Form method="post" {...getFormProps(cancelForm)} className="form-card">
                <FormErrors id={cancelForm.errorId} errors={cancelForm.errors} />
                <ConfirmField
                  field={cancelFormFields.confirmDestroy}
                  label={
                    isOpen
                      ? "I understand: every sealed name is destroyed and signers are told. This cannot be undone."
                      : "I understand: the draft is closed for good. This cannot be undone."
                  }
                  autoFocus={cancelFocus === "confirmDestroy"}
                />
                <SubmitButton
                  name="intent"
                  value="cancel"
                  pendingText="Cancelling the letter…"
                  className="button border-red-800 bg-red-800 text-white hover:bg-red-900"
                >
                  Cancel the letter
                </SubmitButton>
              </Form>
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}
