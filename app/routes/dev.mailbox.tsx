import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listLocalMail, localMailboxAvailable } from "~/mail/dev-mailbox.server";

export const meta: MetaFunction = () => [{ title: "Local mailbox — Undersigned" }, { name: "robots", content: "noindex" }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (!localMailboxAvailable(context)) throw new Response("Not found", { status: 404 });
  const mail = listLocalMail().map(({ id, to, subject, text, receivedAt }) => ({ id, to, subject, text, receivedAt }));
  return { mail };
}

export default function LocalMailbox() {
  const { mail } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Local mailbox</h1>
      <p className="mt-2 text-slate-700">
        No mail server is configured (<code>SMTP_URL</code>), so mail the app sends lands here instead. This page
        exists for trying Undersigned on your own machine; it is only shown to requests from this machine.
      </p>
      {mail.length === 0 ? (
        <p className="mt-6 rounded border border-slate-300 bg-white p-4">
          No mail yet. Mail appears here a few seconds after the app sends it; reload the page.
        </p>
      ) : (
        <ol className="mt-6 space-y-4" aria-label="Messages, newest first">
          {mail.map((m) => (
            <li key={m.id} className="rounded border border-slate-300 bg-white p-4">
              <article aria-labelledby={`subject-${m.id}`}>
                <h2 id={`subject-${m.id}`} className="font-semibold">
                  {m.subject}
                </h2>
                <p className="text-sm text-slate-700">
                  To <span className="font-mono">{m.to}</span> · received{" "}
                  <time dateTime={m.receivedAt}>{new Date(m.receivedAt).toUTCString()}</time>
                </p>
                <pre className="mt-3 whitespace-pre-wrap break-words font-sans">{m.text}</pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
