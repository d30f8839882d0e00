// The organizer's dashboard for one letter: its status, what to do next, the private
// link, the names once revealed, the text, and what happened. The index of
// my.letters.$id (the layout of the letter's pages), and the only page under it
// whose loader asks for the names. Its forms post to the layout (open, cancel).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useOutletContext } from "@remix-run/react";
import { requireUser } from "~/auth/current-user.server";
import { FormErrors } from "~/components/forms";
import { LetterText } from "~/components/letter-text";
import { OrganizerStatusBadge } from "~/components/organizer-status-badge";
import { SignatoryPager, SignatoryTable } from "~/components/signatory-table";
import { StatusPanel } from "~/components/status-panel";
import { TeamCounts } from "~/components/team-counts";
import {
  acceptsSignatures,
  awaitsPublication,
  awaitsTrustees,
  isEditable,
  isSealedAndSigning,
  namesVisible,
  isPublished,
} from "~/domain/letters/lifecycle";
import { namesPageFrom } from "~/domain/letters/signatory-pages";
import { unnamedBeforePublication } from "~/domain/letters/name-conditions";
import { viewDashboard } from "~/domain/letters/view-letter.server";
import { letterIdFrom } from "~/http/letter-param.server";
import { daysLeft, formatDay } from "~/lib/dates";
import type { LetterActionData } from "../my.letters.$id";
import { AuditTrailSection } from "./audit-trail-section";
import { CancelSection } from "./cancel-section";
import { DetailsSection } from "./details-section";
import { OpenSection } from "./open-section";
import { ShareSection } from "./share-section";
import { TrusteeReleaseSection } from "./trustee-release-section";
import { dashboardPath, MY_LETTERS_PATH } from "~/lib/organizer-paths";

// Page titles may name an organizer's own letter, never its private link.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.letter.title} — dashboard — Undersigned` : "Letter — Undersigned" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const view = await viewDashboard(user.id, letterIdFrom(params), { namesPage: namesPageFrom(request) });
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
      countBatch: view.countBatch,
      // While cooling off, as the last count batch showed it (decision 020); null otherwise.
      coolingOffEndsAt: view.coolingOffEndsAt,
      coolingOffHours: view.coolingOffHours,
      teams: view.teams,
      // Per team, already suppressed as signers see them (decision 018).
      teamCounts: view.teamCounts,
    },
    deadlineInWords: formatDay(view.deadline),
    daysLeft: daysLeft(view.deadline),
    // Set while the letter takes signatures (a revealed one does, until it is published).
    shareUrl: view.shareUrl,
    audit: view.trail,
    signatories: view.signatories,
    // Named only at a higher count than the letter has (decision 019): how many, never who.
    unnamed: unnamedBeforePublication(view.unnamedCount),
    trusteeRelease: view.trusteeRelease,
  };
}

export type DashboardData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Dashboard() {
  const { letter, deadlineInWords, daysLeft, shareUrl, audit, signatories, unnamed, trusteeRelease } = useLoaderData<typeof loader>();
  const lastResult = useOutletContext<LetterActionData>();
  const intent = lastResult?.initialValue?.intent;
  // A request with no known intent belongs to neither form: say so at the top.
  const otherErrors =
    lastResult && intent !== "open" && intent !== "cancel" ? Object.values(lastResult.error ?? {}).flatMap((e) => e ?? []) : [];

  const isDraft = isEditable(letter.status);
  // Signatures are sealed and coming in: cancelling destroys them.
  const isOpen = isSealedAndSigning(letter.status);

  return (
    <div className="space-y-10">
      <header className="space-y-2">
        <p className="no-print">
          <Link to={MY_LETTERS_PATH}>← My letters</Link>
        </p>
        <p className="text-sm font-semibold uppercase tracking-wide text-stone-700">Letter dashboard</p>
        <h1 className="text-3xl font-bold">{letter.title}</h1>
        <p>
          <OrganizerStatusBadge status={letter.status} />
        </p>
        <p className="no-print">
          <Link to={dashboardPath(letter.id, "organizers")}>Organizers</Link>: who runs this letter with you, and invitations
        </p>
        <p className="no-print">
          <Link to={dashboardPath(letter.id, "trustees")}>Trustees</Link>: who must agree before any name is unsealed
        </p>
        {namesVisible(letter.status) ? (
          <p className="no-print">
            <Link to={dashboardPath(letter.id, "press")}>Press</Link>: embargoed previews, the press list and what was sent
          </p>
        ) : null}
        {isPublished(letter.status) ? (
          <p className="no-print">
            <Link to={dashboardPath(letter.id, "updates")}>Updates</Link>: post the company&rsquo;s answer or what comes next, and send the
            letter to its addressee
          </p>
        ) : null}
        <FormErrors id="dashboard-errors" errors={otherErrors} />
      </header>

      <div className="grid gap-10 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <aside className="space-y-4 lg:col-start-2 lg:row-start-1">
          <StatusPanel letter={letter} audience="organizer" />
          {letter.teamCounts ? <TeamCounts lines={letter.teamCounts} /> : null}
        </aside>

        <div className="min-w-0 space-y-12 lg:col-start-1 lg:row-start-1">
          {isDraft ? (
            <OpenSection letterId={letter.id} deadlineInWords={deadlineInWords} lastResult={intent === "open" ? lastResult : undefined} />
          ) : null}

          {trusteeRelease ? <TrusteeReleaseSection progress={trusteeRelease} awaiting={awaitsTrustees(letter.status)} /> : null}

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
                <Link to={dashboardPath(letter.id, "review")} className="button button-primary">
                  {awaitsPublication(letter.status) ? "Final review" : "Where it is published"}
                </Link>
              </p>
            </section>
          ) : null}

          {/* A revealed letter still takes signatures until it is published. */}
          {acceptsSignatures(letter.status) && shareUrl ? <ShareSection shareUrl={shareUrl} /> : null}

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
                  <SignatoryTable
                    signatories={signatories.rows}
                    caption={`${signatories.total.toLocaleString("en")} signatories, by name`}
                  />
                </>
              )}
              {unnamed ? <p data-unnamed="">{unnamed}</p> : null}
            </section>
          ) : null}

          <section aria-labelledby="text-title" className="space-y-4">
            <h2 id="text-title" className="text-2xl font-semibold">
              {isDraft ? "The draft, as signers will read it" : "The letter"}
            </h2>
            <div className="rounded-lg border border-stone-300 bg-white p-6 sm:p-10">
              <LetterText {...letter} headingLevel={3} />
            </div>
          </section>

          <DetailsSection letter={letter} deadlineInWords={deadlineInWords} daysLeft={isDraft || isOpen ? daysLeft : null} />
          <AuditTrailSection audit={audit} />
          {isDraft || isOpen ? (
            <CancelSection letterId={letter.id} isOpen={isOpen} lastResult={intent === "cancel" ? lastResult : undefined} />
          ) : null}
        </div>
      </div>
    </div>
  );
}
