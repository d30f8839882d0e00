// The draft's trustees, in the order shares are sealed in, each with the state of
// their key, and a button to remove them while the letter is a draft.
import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import type { TrusteesPageData } from "./route";

export function TrusteeListSection({ loaded }: { loaded: TrusteesPageData }) {
  const { trustees, canChange, threshold, notReady } = loaded;
  return (
    <section aria-labelledby="trustee-list-title" className="space-y-3">
      <h2 id="trustee-list-title" className="text-2xl font-semibold">
        {trustees.length === 0 ? "No trustees yet" : `${trustees.length} ${trustees.length === 1 ? "trustee" : "trustees"}`}
        {threshold && trustees.length ? `: ${threshold} must agree` : null}
      </h2>
      {trustees.length === 0 ? (
        <p className="max-w-3xl">
          Without trustees, the names are sealed under a key the server holds: whoever runs it could read them before the threshold.
          {canChange ? " Add trustees below to change that." : null}
        </p>
      ) : (
        <ol className="divide-y divide-stone-200 rounded-md border border-stone-200 bg-white">
          {trustees.map((t) => (
            <li key={t.id} className="flex flex-wrap items-start justify-between gap-4 p-4">
              <div className="min-w-0 space-y-1">
                <p className="font-medium">
                  {t.number}. {t.description}
                </p>
                {t.email ? <p className="break-all text-sm text-stone-700">Invited at {t.email}</p> : null}
                {t.fingerprint ? (
                  <p>
                    <strong>Key registered</strong>
                    {t.registeredOn ? ` on ${t.registeredOn}` : null}. Fingerprint: <code className="font-mono">{t.fingerprint}</code>
                  </p>
                ) : (
                  <p>
                    <strong>Invited</strong> on <time dateTime={t.invitedDay}>{t.invitedOn}</time>, no key yet.
                  </p>
                )}
              </div>
              {canChange ? (
                <Form method="post">
                  <input type="hidden" name="trusteeId" value={t.id} />
                  <SubmitButton name="intent" value="remove" pendingText="Removing…" className="button button-secondary">
                    Remove<span className="sr-only"> {t.description}</span>
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {canChange && notReady ? (
        <p role="status" className="max-w-3xl rounded-md border border-amber-600 bg-amber-50 p-4 text-amber-950">
          The letter cannot open yet. {notReady}
        </p>
      ) : null}
      {!canChange && trustees.length ? <p>The letter is no longer a draft: its trustees are fixed.</p> : null}
    </section>
  );
}
