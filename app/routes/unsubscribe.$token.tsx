// /unsubscribe/<token>: the link every update mail carries (issue 16, RFC 8058).
// GET shows one button and changes nothing (corporate and mail-provider scanners
// open every link). POST, from that button or from a mail client's one-click
// "Unsubscribe" (`List-Unsubscribe=One-Click`, form-encoded or multipart), stops
// the updates and erases the address, with no sign-in: the link is the proof. The
// body is not read: the POST itself is the request, whatever a client sends with it.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { UNSUBSCRIBE_TOKEN, unsubscribeFromUpdates, unsubscribeTarget } from "~/domain/letters/after-publication/unsubscribe.server";
import { NotFoundError } from "~/errors";

// The link is a secret: never in the title, never kept by a cache.
export const meta: MetaFunction = () => [{ title: "Stop updates — Undersigned" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

function tokenFrom(params: { token?: string }) {
  if (!params.token || !UNSUBSCRIBE_TOKEN.test(params.token)) throw new NotFoundError();
  return params.token;
}

export async function loader({ params }: LoaderFunctionArgs) {
  return { letter: await unsubscribeTarget(tokenFrom(params)) };
}

export async function action({ params }: ActionFunctionArgs) {
  return { done: true as const, letter: await unsubscribeFromUpdates(tokenFrom(params)) };
}

export default function UnsubscribePage() {
  const { letter } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-3xl font-bold">{done ? "You will get no more updates" : "Stop the updates?"}</h1>
      {done ? (
        <p role="status">
          Your contact address for “{letter.title}” is erased: nothing more will be mailed to it about this letter, and your signature is
          unchanged.
        </p>
      ) : (
        <>
          <p>
            You get updates about “{letter.title}” because you left this address when you signed. One press stops them and erases the
            address; your signature stays as it is.
          </p>
          <Form method="post" className="form-card rounded-lg border border-stone-300 bg-white p-5">
            <SubmitButton pendingText="Stopping…">Stop the updates and erase my address</SubmitButton>
          </Form>
        </>
      )}
      {letter.publicPath ? (
        <p>
          <Link to={letter.publicPath}>The letter&rsquo;s public page</Link>, where every update is posted.
        </p>
      ) : null}
    </div>
  );
}
