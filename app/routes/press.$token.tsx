// The embargoed press preview: what a named journalist sees before publication.
// The link is a secret: never in the title, never sent on as a Referer, never
// cached or indexed. After publication it leads to the public page.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { PublishedRecord } from "~/components/published-record";
import { namesPageFrom } from "~/domain/letters/signatory-pages";
import { previewForReader, previewTokenParam } from "~/domain/press/preview-for-reader.server";
import { PREVIEW_HEADERS } from "~/domain/press/previews.server";
import { formatDay, formatUtcMoment } from "~/lib/dates";
import { pressPreviewPdfPath } from "~/lib/public-urls";

export const meta: MetaFunction = () => [
  { title: "Embargoed press preview — Undersigned" },
  { name: "robots", content: "noindex, nofollow" },
];

// Also set on the loader's own answers (redirect, 404/410), which this function may not see.
export const headers: HeadersFunction = () => PREVIEW_HEADERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = previewTokenParam.safeParse(params.token);
  const preview = token.success ? await previewForReader(token.data, namesPageFrom(request)) : null;
  if (!preview) {
    // A well-formed link that no longer opens is most likely expired or revoked: 410.
    return data({ found: false as const }, { status: token.success ? 410 : 404, headers: PREVIEW_HEADERS });
  }
  if (preview.kind === "published") throw redirect(preview.redirectTo, { status: 302, headers: PREVIEW_HEADERS });
  return data(
    {
      found: true as const,
      label: preview.label,
      embargo: formatUtcMoment(preview.embargoUntil),
      embargoLifted: preview.embargoLifted,
      expires: formatDay(preview.expiresAt),
      letter: preview.letter,
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
      <section aria-labelledby="embargo-title" className="rounded-lg border-4 border-red-800 bg-red-50 p-5 text-red-950 sm:p-6">
        <p className="text-sm font-semibold uppercase tracking-wide">Press preview</p>
        {loaded.embargoLifted ? (
          <>
            <h2 id="embargo-title" className="mt-1 text-2xl font-bold">
              The embargo lifted on {loaded.embargo}
            </h2>
            <p className="mt-2">The letter is not published yet. Please check with the organizers before publishing.</p>
          </>
        ) : (
          <h2 id="embargo-title" className="mt-1 text-2xl font-bold">
            Embargoed until {loaded.embargo} — not for publication before then
          </h2>
        )}
        <p className="mt-3">
          Prepared for <strong>{loaded.label}</strong>. This link is for you alone: please do not forward it. It works until{" "}
          {loaded.expires}, and once the letter is published it leads to the public page.
        </p>
        <p className="no-print mt-3">
          <a href={pressPreviewPdfPath(token ?? "")} download className="font-semibold text-red-950">
            Download the letter and its signatories as a PDF
          </a>{" "}
          (the same embargo applies).
        </p>
      </section>

      <PublishedRecord
        record={letter}
        day={null}
        names={letter.signatories}
        namesNote={
          <p className="max-w-3xl text-stone-800">
            The list as it stands today. Until publication a signatory may still withdraw, so the published list can be slightly shorter.
          </p>
        }
      />
    </div>
  );
}

function PreviewGone() {
  return (
    <div className="form-card">
      <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">Press preview</p>
      <h1 className="text-3xl font-bold">This preview link has expired or was revoked</h1>
      <p>
        Preview links work for a limited time, and organizers can withdraw them. Check that you copied the whole link; otherwise, ask the
        organizers who sent it for a new one.
      </p>
    </div>
  );
}
