// The embargoed press preview: what a named journalist sees before publication.
// The link is a secret: never in the title, never sent on as a Referer, never
// cached or indexed. After publication it leads to the public page.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { z } from "zod";
import { LetterText } from "~/components/letter-text";
import { PREVIEW_HEADERS, openPreview } from "~/domain/press/previews.server";
import { formatDay, formatUtcMoment } from "~/lib/dates";
import { pressPreviewPath } from "~/lib/public-urls";
import { SignatoryPager, SignatoryTable } from "~/components/signatory-table";
import { namesPageFrom, pageOfNames } from "~/domain/letters/signatory-pages";

export const meta: MetaFunction = () => [
  { title: "Embargoed press preview — Undersigned" },
  { name: "robots", content: "noindex, nofollow" },
];

// Also set on the loader's own answers (redirect, 404/410), which this function may not see.
export const headers: HeadersFunction = () => PREVIEW_HEADERS;

// Preview tokens are "<id>.<secret>" in lower-case letters and digits; anything else leads nowhere.
const tokenParam = z.string().regex(/^[a-z0-9]{1,32}\.[a-z0-9]{1,32}$/);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = tokenParam.safeParse(params.token);
  const opened = token.success ? await openPreview(token.data) : null;
  if (!opened) {
    // A well-formed link that no longer opens is most likely expired or revoked: 410.
    return data({ found: false as const }, { status: token.success ? 410 : 404, headers: PREVIEW_HEADERS });
  }
  if (opened.kind === "published") throw redirect(opened.redirectTo, { status: 302, headers: PREVIEW_HEADERS });
  const { snapshot } = opened;
  return data(
    {
      found: true as const,
      label: opened.label,
      embargo: formatUtcMoment(opened.embargoUntil),
      embargoLifted: opened.embargoUntil.getTime() <= Date.now(),
      expires: formatDay(opened.expiresAt),
      letter: {
        title: snapshot.title,
        addressee: snapshot.addressee,
        organizationName: snapshot.organizationName,
        bodyHtml: snapshot.bodyHtml,
        textHash: snapshot.textHash,
        openedOn: formatDay(snapshot.openedAt),
        revealedOn: formatDay(snapshot.revealedAt),
        count: snapshot.count,
        verificationStatement: snapshot.verificationStatement,
        signatories: pageOfNames(snapshot.signatories, namesPageFrom(request)),
      },
    },
    { headers: PREVIEW_HEADERS },
  );
}

export default function PressPreview() {
  const loaded = useLoaderData<typeof loader>();
  const { token } = useParams();
  if (!loaded.found) return <PreviewGone />;
  const { letter } = loaded;
  return (
    <div className="space-y-10">
      <section
        aria-labelledby="embargo-title"
        className="rounded-lg border-4 border-red-800 bg-red-50 p-5 text-red-950 sm:p-6"
      >
        <p className="text-sm font-semibold uppercase tracking-wide">Press preview</p>
        {loaded.embargoLifted ? (
          <>
            <h2 id="embargo-title" className="mt-1 text-2xl font-bold">
              The embargo lifted on {loaded.embargo}
            </h2>
            <p className="mt-2">
              The letter is not published yet. Please check with the organizers before publishing.
            </p>
          </>
        ) : (
          <h2 id="embargo-title" className="mt-1 text-2xl font-bold">
            Embargoed until {loaded.embargo} — not for publication before then
          </h2>
        )}
        <p className="mt-3">
          Prepared for <strong>{loaded.label}</strong>. This link is for you alone: please do not forward it. It works
          until {loaded.expires}, and once the letter is published it leads to the public page.
        </p>
        <p className="no-print mt-3">
          <a href={`${pressPreviewPath(token ?? "")}/letter.pdf`} download className="font-semibold text-red-950">
            Download the letter and its signatories as a PDF
          </a>{" "}
          (the same embargo applies).
        </p>
      </section>

      <div className="rounded-lg border border-stone-300 bg-white p-6 sm:p-10">
        <LetterText
          title={letter.title}
          addressee={letter.addressee}
          bodyHtml={letter.bodyHtml}
          organizationName={letter.organizationName}
        />
      </div>

      <section aria-labelledby="verification-title" className="max-w-3xl space-y-3">
        <h2 id="verification-title" className="text-2xl font-semibold">
          How the signatures were verified
        </h2>
        <p>{letter.verificationStatement}</p>
        <p>
          Each signatory proved an address at the organization with a one-time code sent to it, then signed the exact text
          above, identified by its fingerprint. Names stayed sealed, organizers included, until enough people had signed.
        </p>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          <dt className="font-medium">Opened for signatures</dt>
          <dd>{letter.openedOn}</dd>
          <dt className="font-medium">Names revealed</dt>
          <dd>{letter.revealedOn}</dd>
          <dt className="font-medium">Text fingerprint (SHA-256)</dt>
          <dd className="break-all font-mono text-sm">{letter.textHash}</dd>
        </dl>
      </section>

      <section aria-labelledby="signatories-title" className="space-y-3">
        <h2 id="signatories-title" className="text-2xl font-semibold">
          {letter.count === 1 ? "1 signatory" : `${letter.count.toLocaleString("en")} signatories`}
        </h2>
        <p className="max-w-3xl text-stone-800">
          The list as it stands today. Until publication a signatory may still withdraw, so the published list can be
          slightly shorter.
        </p>
        {letter.signatories.total === 0 ? (
          <p>No signatures remain: every signatory withdrew.</p>
        ) : (
          <>
            <SignatoryPager names={letter.signatories} label="Pages of signatories" />
            <SignatoryTable signatories={letter.signatories.rows} caption="Signatories, by name" />
          </>
        )}
      </section>
    </div>
  );
}

function PreviewGone() {
  return (
    <div className="form-card">
      <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">Press preview</p>
      <h1 className="text-3xl font-bold">This preview link has expired or was revoked</h1>
      <p>
        Preview links work for a limited time, and organizers can withdraw them. Check that you copied the whole link;
        otherwise, ask the organizers who sent it for a new one.
      </p>
    </div>
  );
}
