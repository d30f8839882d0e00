// A trustee's page, behind the personal link in their invitation (/trustee/<token>):
// the letter they are asked to guard, what being a trustee means, and where their
// browser creates their key. Only the public key is posted; the server's own
// fingerprint of it is then shown, to compare with the browser's. Making a key needs
// JavaScript, and the page says so plainly when it is off.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { FormErrors } from "~/components/forms";
import { LetterText } from "~/components/letter-text";
import { loadTrusteeCrypto } from "~/components/trustee-crypto.client";
import { TrusteesPanel } from "~/components/trustees-panel";
import { isClosed, isEditable } from "~/domain/letters/lifecycle";
import { registerTrusteeKey } from "~/domain/trustees/register-trustee-key.server";
import { trusteeKeyTool } from "~/domain/trustees/trustee-crypto.server";
import { refuseRelease } from "~/domain/trustees/refuse-release.server";
import { refuseReleaseFields } from "~/domain/trustees/release-rules";
import { trusteePage } from "~/domain/trustees/trustee-page.server";
import { registerKeyFields } from "~/domain/trustees/trustee-rules";
import { NotFoundError } from "~/errors";
import { invalidSubmission, replyWithAppError } from "~/http/form.server";
import { useNonce } from "~/http/nonce";
import { parseForm } from "~/http/read-form.server";
import { formatDay } from "~/lib/dates";
import { trusteeInvitationPath } from "~/lib/public-urls";
import { KeyForm } from "./key-form";
import { ReleaseSection } from "./release-section";

// The link is a secret and the title would name the letter: neither goes in the page title.
export const meta: MetaFunction = () => [{ title: "Trustee — Undersigned" }, { name: "robots", content: "noindex" }];

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ params }: LoaderFunctionArgs) {
  const view = await trusteePage(params.token);
  if (!view) throw new NotFoundError();
  const releasing = view.release?.phase === "open" && !view.release.you.refused && view.release.totals.awaitingYou > 0;
  return {
    ...view,
    you: { ...view.you, registeredOn: view.you.registeredAt ? formatDay(view.you.registeredAt) : null },
    // The crypto bundle only where a key is to be made, or shares to be opened.
    keyTool: view.canRegister || releasing ? trusteeKeyTool() : null,
  };
}

// The key form posts only its public key; the refusal form says its intent.
const trusteeActionSchema = z.union([refuseReleaseFields, registerKeyFields]);

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = await parseForm(request, trusteeActionSchema);
  if (submission.status !== "success") return invalidSubmission(submission);
  try {
    // An unknown or removed trustee's link is the domain's NotFoundError: rethrown, answered 404.
    if ("intent" in submission.value) {
      await refuseRelease(params.token, submission.value.reason);
      return redirect(`${trusteeInvitationPath(params.token!)}?refused=1`);
    }
    await registerTrusteeKey(params.token, submission.value.publicKey);
    return redirect(`${trusteeInvitationPath(params.token!)}?registered=1`);
  } catch (error) {
    return replyWithAppError(submission, error);
  }
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export default function TrusteePage() {
  const { letterId, trusteeId, letter, you, threshold, count, trustees, canRegister, keyTool, release } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const nonce = useNonce();
  const hydrated = useHydrated();
  // Kept across the registration's redirect (the same route stays on the page).
  const [browserFingerprint, setBrowserFingerprint] = useState<string | null>(null);
  const serverErrors = lastResult ? Object.values(lastResult.error ?? {}).flatMap((e) => e ?? []) : [];
  const justRegistered = searchParams.get("registered") === "1";
  const { token } = useParams();
  // Loaded ahead of the first click, also when this page was reached by a client-side
  // navigation (a failure here shows only when the key is used).
  useEffect(() => {
    if (hydrated && keyTool) loadTrusteeCrypto(keyTool).catch(() => undefined);
  }, [hydrated, keyTool]);

  return (
    <div className="space-y-10">
      {keyTool && !hydrated ? (
        // The crypto code, checked by the browser against its hash (SRI), under this
        // response's nonce (CSP). Only in the server's HTML: a <script> React adds later
        // (after a client-side navigation) never runs; the effect above loads it then.
        <script
          type="module"
          src={keyTool.src}
          integrity={keyTool.integrity}
          crossOrigin="anonymous"
          nonce={nonce}
          data-trustee-crypto=""
          suppressHydrationWarning
        />
      ) : null}
      <header className="max-w-3xl space-y-3">
        <p className="text-sm font-semibold uppercase tracking-wide text-stone-700">Trustee of a letter at {letter.organizationName}</p>
        <h1 className="text-3xl font-bold">You are asked to be a trustee</h1>
        <p>
          Organizers of a letter from people at {letter.organizationName} ask you to be one of its trustees. They describe you as{" "}
          <strong>“{you.description}”</strong>.
        </p>
      </header>

      {release ? (
        <ReleaseSection
          release={release}
          tool={keyTool}
          hydrated={hydrated}
          ids={{ letterId, trusteeId }}
          token={token}
          registeredFingerprint={you.fingerprint}
          textHash={letter.textHash}
          serverErrors={canRegister ? [] : serverErrors}
          refusedNow={searchParams.get("refused") === "1"}
        />
      ) : null}

      <section aria-labelledby="letter-title" className="max-w-3xl space-y-3">
        <h2 id="letter-title" className="text-2xl font-semibold">
          The letter
        </h2>
        <p>
          <strong>{letter.title}</strong>, to {letter.addressee}.
        </p>
        <details className="rounded-lg border border-stone-300 bg-white p-5">
          <summary className="cursor-pointer font-medium">
            Read the letter{isEditable(letter.status) ? " (a draft: it may still change until it opens)" : ""}
          </summary>
          <div className="mt-4">
            <LetterText
              title={letter.title}
              addressee={letter.addressee}
              bodyHtml={letter.bodyHtml}
              organizationName={letter.organizationName}
              textHash={letter.textHash}
              headingLevel={3}
            />
          </div>
        </details>
      </section>

      <section aria-labelledby="meaning-title" className="max-w-3xl space-y-3">
        <h2 id="meaning-title" className="text-2xl font-semibold">
          What being a trustee means
        </h2>
        <ul className="list-disc space-y-2 pl-6">
          <li>
            The names of the people who sign stay sealed until enough of them have signed. Then{" "}
            {threshold ? `${threshold} of the ${count}` : "a set number of the"} trustees must each open their part with their own key
            before any name can be read. Nobody can read them earlier: not the organizers, not whoever runs this server.
          </li>
          <li>
            Your browser creates your key on this page. You keep it as a file protected by a passphrase you choose. Neither ever reaches us,
            and nobody can recover them for you.
          </li>
          <li>
            Keep both until the letter is published. If too many trustees lose theirs, so that fewer than{" "}
            {threshold ? threshold : "the number needed"} remain, the names can never be unsealed.
          </li>
          <li>When the threshold is met, you will get an email asking you to come back with your key file. Keep this link private.</li>
        </ul>
      </section>

      <section aria-labelledby="key-title" className="max-w-3xl space-y-4">
        <h2 id="key-title" className="text-2xl font-semibold">
          Your key
        </h2>
        <KeyState
          state={{ canRegister, isClosed: isClosed(letter.status), justRegistered }}
          you={you}
          browserFingerprint={browserFingerprint}
        />
        {canRegister && keyTool ? (
          <>
            <noscript>
              <p className="rounded-md border border-amber-600 bg-amber-50 p-4 text-amber-950">
                Creating your key needs JavaScript, which is off in this browser. Your key is made here, on your computer, so that its
                private part never reaches the server. Turn JavaScript on for this page, or open the link in another browser you trust.
              </p>
            </noscript>
            {hydrated ? (
              <KeyForm
                tool={keyTool}
                letterId={letterId}
                trusteeId={trusteeId}
                serverErrors={serverErrors}
                onCreated={setBrowserFingerprint}
              />
            ) : null}
          </>
        ) : null}
        {canRegister && !keyTool ? (
          <p className="rounded-md border border-amber-600 bg-amber-50 p-4 text-amber-950">
            Keys cannot be created on this server right now: its key tool is missing. Please tell the organizers, and come back later.
          </p>
        ) : null}
        {canRegister || release ? null : <FormErrors id="register-errors" errors={serverErrors} />}
      </section>

      <TrusteesPanel
        trustees={{ threshold, count, trustees }}
        className="max-w-3xl space-y-3 rounded-lg border border-stone-300 bg-white p-5"
      />
    </div>
  );
}

type KeyStateProps = {
  state: { canRegister: boolean; isClosed: boolean; justRegistered: boolean };
  you: { fingerprint: string | null; registeredOn: string | null };
  browserFingerprint: string | null;
};

function KeyState({ state, you, browserFingerprint }: KeyStateProps) {
  if (state.isClosed) {
    return (
      <p>This letter was closed without reaching its threshold. Nothing of its signers is kept, and there is nothing left for you to do.</p>
    );
  }
  if (you.fingerprint) {
    const matches = browserFingerprint === null ? null : browserFingerprint === you.fingerprint;
    return (
      <div
        role={state.justRegistered ? "status" : undefined}
        className="space-y-2 rounded-md border border-green-700 bg-green-50 p-4 text-green-950"
      >
        <p>
          <strong>Your key is registered</strong>
          {you.registeredOn ? ` (${you.registeredOn})` : null}. The server computed its fingerprint as:
        </p>
        <p>
          <code className="font-mono text-lg">{you.fingerprint}</code>
        </p>
        {matches === null ? (
          <p>
            Compare it with the fingerprint your browser showed when you created your key: they must be the same. If not, tell the
            organizers at once.
          </p>
        ) : matches ? (
          <p>It is the same as the one your browser showed: {browserFingerprint}.</p>
        ) : (
          <p className="font-semibold text-red-800">
            It is NOT the one your browser showed ({browserFingerprint}). Tell the organizers at once: this letter must not open with this
            key.
          </p>
        )}
      </div>
    );
  }
  if (!state.canRegister) {
    return (
      <p>This letter is no longer a draft, and no key was registered for you. It is too late to add one: please tell the organizers.</p>
    );
  }
  return null;
}
