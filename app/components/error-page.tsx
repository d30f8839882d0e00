import { Link, isRouteErrorResponse } from "@remix-run/react";

type Copy = { title: string; text: string };

const byStatus: Record<number, Copy> = {
  400: {
    title: "That request didn't look right",
    text: "Something in the link or the form was not what we expected. Go back and try again.",
  },
  401: { title: "Please log in first", text: "This page is for signed-in organizers." },
  403: { title: "You can't open this page", text: "This page belongs to someone else, or your link has no access to it." },
  404: {
    title: "We couldn't find that page",
    text: "The address may be mistyped, or the page may no longer exist. If someone sent you a private letter link, check that you copied all of it.",
  },
  410: { title: "This is no longer here", text: "What this link pointed to has been removed." },
  413: { title: "That was too much to send", text: "The form was larger than this site accepts. Nothing was saved." },
  415: { title: "That request didn't look right", text: "This site only accepts forms sent from its own pages. Nothing was saved." },
  429: { title: "Too many attempts", text: "Please wait a few minutes, then try again." },
  // The database did not answer for a moment (app/http/app-errors.server.ts). Sending
  // a form again is safe: a signature sent twice leads to the same receipt.
  503: {
    title: "We are briefly unavailable",
    text: "Our database did not answer for a moment. Wait a few seconds, then go back and try again: sending the same form again is safe.",
  },
};

const generic: Copy = {
  title: "Something went wrong",
  text: "We couldn't show this page. Please try again in a moment.",
};

/**
 * A user-facing message a route chose to throw, e.g. `throw data("This letter is closed.", 409)`
 * or `throw data({ message: "…" }, 409)`. Anything else stays hidden.
 */
function thrownMessage(data: unknown): string | undefined {
  const message =
    typeof data === "string"
      ? data
      : typeof data === "object" && data !== null && "message" in data && typeof data.message === "string"
        ? data.message
        : undefined;
  return message && message.length <= 300 && !message.trimStart().startsWith("<") ? message : undefined;
}

/** What an ErrorBoundary shows: plain words, a way home, and never a stack trace. */
export function ErrorPage({ error }: { error: unknown }) {
  let copy = generic;
  let status: number | undefined;
  let detail: string | undefined;

  if (isRouteErrorResponse(error)) {
    status = error.status;
    const clientError = error.status >= 400 && error.status < 500;
    copy = byStatus[error.status] ?? (clientError && error.statusText ? { ...generic, title: error.statusText } : generic);
    // 4xx bodies are messages routes wrote for people; 5xx bodies are not shown.
    detail = clientError && error.status !== 404 ? thrownMessage(error.data) : undefined;
  } else if (import.meta.env.DEV && error instanceof Error) {
    // Only the dev server ever shows an error's message; a production build drops this branch.
    detail = error.message;
  }

  return (
    <section aria-labelledby="error-title" className="max-w-2xl py-8">
      {status ? <p className="text-sm font-semibold uppercase tracking-wide text-accent-700">Error {status}</p> : null}
      <h1 id="error-title" className="mt-2 text-3xl font-semibold tracking-tight">
        {copy.title}
      </h1>
      <p className="mt-4 text-lg text-stone-700">{copy.text}</p>
      {detail ? <p className="mt-4 rounded-md border border-stone-300 bg-white p-4 font-mono text-sm text-stone-800">{detail}</p> : null}
      <p className="mt-8">
        <Link to="/" className="button button-primary">
          Go to the home page
        </Link>
      </p>
    </section>
  );
}
