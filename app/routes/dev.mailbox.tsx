import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listLocalMail, localMailboxAvailable, mailboxAccess, mailboxKeyCookie } from "~/mail/dev-mailbox.server";

export const meta: MetaFunction = () => [{ title: "Local mailbox — Undersigned" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!localMailboxAvailable(context)) throw new Response("Not found", { status: 404 });
  const access = mailboxAccess(request);
  // The key leaves the address bar at once (history, screenshots); the browser keeps it.
  if (access === "unlock") throw redirect("/dev/mailbox", { headers: { "Set-Cookie": mailboxKeyCookie() } });
  if (access === "locked") return { locked: true as const, mail: [] };
  const mail = listLocalMail().map(({ id, to, subject, text, receivedAt }) => ({ id, to, subject, text, receivedAt }));
  return { locked: false as const, mail };
}

export default function LocalMailbox() {
  const { locked, mail } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Local mailbox</h1>
      <p className="mt-2 text-slate-700">
        No mail server is configured (<code>SMTP_URL</code>), so mail the app sends lands here instead. This page exists for trying
        Undersigned on your own machine; it is only shown to requests from this machine.
      </p>
      {locked ? (
        <p className="mt-6 rounded border border-slate-300 bg-white p-4">
          To open it, follow the mailbox link printed in the terminal where you started the app (<code>/dev/mailbox?key=…</code>, also kept
          in <code>DATA_DIR/mailbox-key</code>). This browser then remembers it. The key makes sure only whoever runs this machine reads its
          mail, even behind a proxy.
        </p>
      ) : mail.length === 0 ? (
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
