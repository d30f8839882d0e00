// The public page of a published letter, served from the record stored at
// publication (no unsealing, no rendering of Markdown per request). Anything that
// is not published — drafts, open or revealed letters — is a 404 here.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { SESSION_COOKIE } from "~/auth/current-user.server";
import { readCookie } from "~/auth/cookies.server";
import { ErrorPage } from "~/components/error-page";
import { LetterText } from "~/components/letter-text";
import { publishedLetterBySlug } from "~/domain/letters/public-record.server";
import { STATIC_PAGE } from "~/http/hydration";
import { absoluteUrl } from "~/lib/app-url.server";
import { formatDay } from "~/lib/dates";
import { publicLetterPath } from "~/lib/public-urls";
import { cacheHeaders, etagFor, isNotModified } from "~/publishing/http-cache.server";
import { PUBLIC_SLUG_PATTERN } from "~/publishing/public-slug.server";
import styles from "~/styles/app.css?url";

// No scripts: the page is a document, and the same bytes for every reader without a session.
export const handle = STATIC_PAGE;

const MAX_AGE_SECONDS = 300;
const CACHING_HEADERS = ["Cache-Control", "ETag", "Last-Modified", "Vary"];

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
    { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Published letters", href: "/letters.atom" },
  ];
};

// The loader's caching headers, on the page and on its 304 (a thrown Response: errorHeaders).
// Remix asks only the routes down to the error boundary for headers: without this
// route's own ErrorBoundary the 304 would bubble to the root and lose its ETag.
export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const source = errorHeaders ?? loaderHeaders;
  const headers = new Headers();
  for (const name of CACHING_HEADERS) {
    const value = source.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
};

const slugParam = z.string().max(80).regex(PUBLIC_SLUG_PATTERN);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = slugParam.safeParse(params.slug);
  const published = slug.success ? await publishedLetterBySlug(slug.data) : null;
  if (!published) throw new Response("Not found", { status: 404 });

  // The record never changes; the page also depends on the stylesheet (a new build
  // must not be answered 304 with HTML pointing at old assets) and on whether the
  // header shows a signed-in organizer, which no shared cache may keep.
  const visibility = readCookie(request, SESSION_COOKIE) ? "private" : "public";
  const etag = etagFor(published.id, published.publishedAt.toISOString(), visibility, styles);
  const caching = cacheHeaders({
    etag,
    lastModified: published.publishedAt,
    maxAgeSeconds: MAX_AGE_SECONDS,
    visibility,
    extraHeaders: { Vary: "Cookie" },
  });
  if (isNotModified(request, etag, published.publishedAt)) throw new Response(null, { status: 304, headers: caching });

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
      letter: {
        title: snapshot.title,
        addressee: snapshot.addressee,
        organizationName: snapshot.organizationName,
        bodyHtml: snapshot.bodyHtml,
        textHash: snapshot.textHash,
        verificationStatement: snapshot.verificationStatement,
        count: snapshot.count,
        signatories: snapshot.signatories,
      },
    },
    { headers: caching },
  );
}

export default function PublishedLetterPage() {
  const { slug, publishedDay, publishedOn, letter } = useLoaderData<typeof loader>();
  const count = letter.count.toLocaleString("en");
  const formats = [
    { href: `${publicLetterPath(slug)}/letter.pdf`, label: "The letter and its signatories (PDF)" },
    { href: `${publicLetterPath(slug)}/signatories.csv`, label: "Signatories (CSV)" },
    { href: `${publicLetterPath(slug)}/signatories.json`, label: "Signatories (JSON)" },
    { href: `${publicLetterPath(slug)}/letter.json`, label: "The whole record (JSON)" },
  ];
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_18rem] lg:gap-12 print:block">
      <aside aria-label="Status and downloads" className="space-y-4 lg:col-start-2 lg:row-start-1 lg:self-start print:hidden">
        <section aria-labelledby="letter-status" className="rounded-lg border border-stone-300 bg-white p-5">
          <h2 id="letter-status" className="text-sm font-semibold uppercase tracking-wide text-stone-700">
            Status
          </h2>
          <p className="mt-1 text-2xl font-bold">Published</p>
          <p className="mt-1">
            Published on <time dateTime={publishedDay}>{publishedOn}</time> with {count}{" "}
            {letter.count === 1 ? "signatory" : "signatories"}. The list is final.
          </p>
        </section>
        <nav aria-labelledby="formats-title" className="rounded-lg border border-stone-300 bg-white p-5">
          <h2 id="formats-title" className="text-sm font-semibold uppercase tracking-wide text-stone-700">
            Download
          </h2>
          <ul className="mt-2 space-y-2">
            {formats.map((format) => (
              <li key={format.href}>
                <a href={format.href}>{format.label}</a>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm text-stone-700">
            <a href="/letters.atom">Feed of published letters</a> (Atom)
          </p>
        </nav>
      </aside>

      <div className="min-w-0 space-y-10 lg:col-start-1 lg:row-start-1 print:space-y-8">
        <div className="rounded-lg border border-stone-300 bg-white p-6 sm:p-10 print:border-0 print:p-0">
          <p className="mb-6 font-serif text-stone-700 print:text-black">
            <time dateTime={publishedDay}>{publishedOn}</time>
          </p>
          <LetterText
            title={letter.title}
            addressee={letter.addressee}
            bodyHtml={letter.bodyHtml}
            organizationName={letter.organizationName}
            textHash={letter.textHash}
          />
        </div>

        <section aria-labelledby="verification-title" className="space-y-2 print:break-inside-avoid">
          <h2 id="verification-title" className="text-xl font-semibold">
            How the signatures were checked
          </h2>
          <p className="font-semibold">{letter.verificationStatement}</p>
          <p className="text-stone-700 print:text-black">
            Each signatory proved the address with a one-time code sent to it; the address itself was not kept. Every
            signatory signed these exact words: the text fingerprint above is the SHA-256 of the title, addressee and
            body, and anyone can recompute it from the JSON record.
          </p>
        </section>

        <section aria-labelledby="signatories-title" className="space-y-3">
          <h2 id="signatories-title" className="text-xl font-semibold print:break-after-avoid">
            Signatories ({count})
          </h2>
          {letter.signatories.length === 0 ? (
            <p>No signatories are listed.</p>
          ) : (
            // Thousands of rows: each is bare markup, styled from the list (no per-row classes or
            // components), in one column on screen (columns make 10,000 rows slow to lay out).
            <ol className="gap-8 print:columns-2 print:text-sm *:break-inside-avoid *:py-1 [&_b]:font-semibold [&_small]:block [&_small]:text-sm [&_small]:text-stone-700 print:[&_small]:text-black">
              {letter.signatories.map((signatory, index) => (
                <li key={index}>
                  <b>{signatory.name}</b>
                  {signatory.title ? `, ${signatory.title}` : null}
                  {signatory.publicLine ? <small>{signatory.publicLine}</small> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}

// Also makes this route the boundary for its thrown 304 and 404 (see `headers`).
export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
