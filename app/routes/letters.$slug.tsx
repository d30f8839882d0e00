// The public page of a published letter, served from the record stored at
// publication (no unsealing, no rendering of Markdown per request). Anything that
// is not published — drafts, open or revealed letters — is a 404 here.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { PublishedRecord } from "~/components/published-record";
import { TrusteesPanel } from "~/components/trustees-panel";
import { LetterUpdates } from "~/components/letter-updates";
import { afterPublication } from "~/domain/letters/after-publication/public-updates.server";
import { publishedLetterBySlug } from "~/domain/letters/public-record.server";
import { trusteesForLetter } from "~/domain/trustees/trustees-for-letter.server";
import { STATIC_PAGE } from "~/http/hydration";
import { absoluteUrl } from "~/lib/app-url.server";
import { formatDay } from "~/lib/dates";
import { FEED_PATH, type PublishedFile, publicLetterPath, publishedFilePath } from "~/lib/public-urls";
import { cachingHeadersOf, publishedPageCaching } from "~/publishing/http-cache.server";
import { PUBLIC_SLUG_PATTERN } from "~/publishing/public-slug.server";
import { recordForPage } from "~/publishing/snapshot.server";
import styles from "~/styles/app.css?url";

// No scripts: the page is a document, and the same bytes for every reader without a session.
export const handle = STATIC_PAGE;

// A published letter is public: its title names the page, and search engines may index it.
export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Letter not found — Undersigned" }];
  const { letter, canonicalUrl, description, publishedDay } = data;
  return [
    { title: letter.title },
    { name: "description", content: description },
    { property: "og:title", content: letter.title },
    { property: "og:description", content: description },
    { property: "og:type", content: "article" },
    { property: "og:url", content: canonicalUrl },
    { property: "og:site_name", content: "Undersigned" },
    { property: "article:published_time", content: publishedDay },
    { name: "twitter:card", content: "summary" },
    { name: "twitter:title", content: letter.title },
    { name: "twitter:description", content: description },
    { tagName: "link", rel: "canonical", href: canonicalUrl },
    { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Published letters", href: FEED_PATH },
  ];
};

// The loader's caching headers, on the page and on its 304 (a thrown Response: errorHeaders).
// Remix asks only the routes down to the error boundary for headers: without this
// route's own ErrorBoundary the 304 would bubble to the root and lose its ETag.
export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => cachingHeadersOf(errorHeaders ?? loaderHeaders);

const slugParam = z.string().max(80).regex(PUBLIC_SLUG_PATTERN);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = slugParam.safeParse(params.slug);
  const published = slug.success ? await publishedLetterBySlug(slug.data) : null;
  if (!published) throw new Response("Not found", { status: 404 });

  const caching = publishedPageCaching(request, published, styles);
  if (caching.notModified) throw new Response(null, { status: 304, headers: caching.headers });

  const { snapshot, publicSlug } = published;
  const day = snapshot.publishedAt ?? published.publishedAt.toISOString();
  const signed = snapshot.count === 1 ? "1 employee" : `${snapshot.count.toLocaleString("en")} employees`;
  return data(
    {
      slug: publicSlug,
      canonicalUrl: absoluteUrl(publicLetterPath(publicSlug)),
      description: `An open letter to ${snapshot.addressee}, signed by ${signed} of ${snapshot.organizationName}. ${snapshot.verificationStatement}`,
      publishedDay: day.slice(0, 10),
      publishedOn: formatDay(day),
      letter: { ...recordForPage(snapshot), signatories: snapshot.signatories },
      // Fixed since the letter opened, like the record: the page's ETag stays true to it.
      trustees: await trusteesForLetter(published.id),
      // Updates and the delivery change the page after publication: the ETag follows recordChangedAt.
      after: await afterPublication(published.id),
    },
    { headers: caching.headers },
  );
}

const FORMATS: { file: PublishedFile; label: string }[] = [
  { file: "letter.pdf", label: "The letter and its signatories (PDF)" },
  { file: "signatories.csv", label: "Signatories (CSV)" },
  { file: "signatories.json", label: "Signatories (JSON)" },
  { file: "letter.json", label: "The whole record (JSON)" },
];

export default function PublishedLetterPage() {
  const { slug, publishedDay, publishedOn, letter, trustees, after } = useLoaderData<typeof loader>();
  const count = letter.count.toLocaleString("en");
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_18rem] lg:gap-12 print:block">
      <aside aria-label="Status and downloads" className="space-y-4 lg:col-start-2 lg:row-start-1 lg:self-start print:hidden">
        <section aria-labelledby="letter-status" className="rounded-lg border border-stone-300 bg-white p-5">
          <h2 id="letter-status" className="text-sm font-semibold uppercase tracking-wide text-stone-700">
            Status
          </h2>
          <p className="mt-1 text-2xl font-bold">Published</p>
          <p className="mt-1">
            Published on <time dateTime={publishedDay}>{publishedOn}</time> with {count} {letter.count === 1 ? "signatory" : "signatories"}.
            The list is final.
          </p>
          {after.deliveredOn ? (
            <p className="mt-2">
              Delivered to {letter.addressee} on <time dateTime={after.deliveredOn.slice(0, 10)}>{formatDay(after.deliveredOn)}</time>.
            </p>
          ) : null}
          {after.updates.length > 0 ? (
            <p className="mt-2">
              <a href="#updates-title">{after.updates.length === 1 ? "1 update" : `${after.updates.length} updates`} from the organizers</a>
            </p>
          ) : null}
        </section>
        <nav aria-labelledby="formats-title" className="rounded-lg border border-stone-300 bg-white p-5">
          <h2 id="formats-title" className="text-sm font-semibold uppercase tracking-wide text-stone-700">
            Download
          </h2>
          <ul className="mt-2 space-y-2">
            {FORMATS.map(({ file, label }) => (
              <li key={file}>
                <a href={publishedFilePath(slug, file)}>{label}</a>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm text-stone-700">
            <a href={FEED_PATH}>Feed of published letters</a> (Atom)
          </p>
        </nav>
        {trustees ? <TrusteesPanel trustees={trustees} /> : null}
      </aside>

      <div className="min-w-0 space-y-10 lg:col-start-1 lg:row-start-1 print:space-y-8">
        <PublishedRecord record={letter} day={{ iso: publishedDay, inWords: publishedOn }} names={letter.signatories} />
        {/* After the names, which may run to thousands: the status panel links here. */}
        <LetterUpdates updates={after.updates} />
      </div>
    </div>
  );
}

// Also makes this route the boundary for its thrown 304 and 404 (see `headers`).
export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
