// The release at the threshold, on the trustee page (issue 15): the figures to check
// first (the count, the letter's text fingerprint, k of n, who released), then the
// key file (read in this browser, never uploaded) and passphrase, the key's
// fingerprint compared with the registered one, and only then the release, with a
// progress bar. Refusing needs no JavaScript.
import { Form, useRevalidator } from "@remix-run/react";
import { type FormEvent, useState } from "react";
import { FormErrors, SubmitButton } from "~/components/forms";
import type { TrusteeKey } from "~/crypto/trustee";
import type { ReleaseView } from "~/domain/trustees/trustee-page.server";
import { REFUSAL_REASON_MAX } from "~/domain/trustees/release-rules";
import type { KeyTool } from "./create-key.client";
import { openKey } from "./key-file.client";
import { problemOf, type ReleaseProgress, type ReleaseResult, releaseAll } from "./release.client";

type Props = {
  release: ReleaseView;
  tool: KeyTool | null;
  hydrated: boolean;
  ids: { letterId: string; trusteeId: string };
  token: string | undefined;
  registeredFingerprint: string | null;
  textHash: string | null;
  serverErrors: string[];
  refusedNow: boolean;
};

const n = (value: number) => value.toLocaleString("en");
const STATE_WORDS = { released: "released", refused: "refused", waiting: "not yet" } as const;

export function ReleaseSection(props: Props) {
  const { release } = props;
  const { totals, phase } = release;
  if (phase === "closed") return null;
  return (
    <section aria-labelledby="release-title" className="max-w-3xl space-y-4 rounded-lg border border-stone-300 bg-white p-5">
      <h2 id="release-title" className="text-2xl font-semibold">
        {phase === "not-yet"
          ? "Releasing the names: not yet"
          : phase === "over"
            ? "The names are out"
            : "The threshold is met: your release"}
      </h2>
      {phase === "not-yet" ? (
        <p>
          The letter has not reached its threshold. When it does, you will get an email asking you to come back here with your key file.
        </p>
      ) : null}
      {phase === "over" ? <p>Every name that could be unsealed is readable by the organizers: nothing waits for your shares.</p> : null}
      {phase === "open" ? (
        <>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="font-medium">Signatures</dt>
            <dd>{n(totals.signatures)}</dd>
            <dt className="font-medium">Waiting for your share</dt>
            <dd>{n(totals.awaitingYou)}</dd>
            <dt className="font-medium">Trustees who released</dt>
            <dd>
              {n(totals.released)} of {n(totals.trustees)} ({totals.threshold} needed)
              {totals.refused ? `; ${n(totals.refused)} refused` : ""}
            </dd>
          </dl>
          <p>
            The letter’s text fingerprint (SHA-256): <code className="break-all font-mono text-sm">{props.textHash}</code>. It must be the
            one printed on the letter’s page. If the count or the fingerprint looks wrong to you, refuse below.
          </p>
          <ul className="list-disc pl-6">
            {release.trustees.map((t) => (
              <li key={t.position}>
                {t.description}: {STATE_WORDS[t.state]}
              </li>
            ))}
          </ul>
          <YourPart {...props} />
        </>
      ) : null}
    </section>
  );
}

function YourPart(props: Props) {
  const { release, tool, hydrated } = props;
  const { you, totals } = release;
  if (you.refused || props.refusedNow) {
    return (
      <p role="status" className="rounded-md border border-amber-600 bg-amber-50 p-4 text-amber-950">
        You refused to release your shares. The organizers were told. Nothing of yours is needed any more.
      </p>
    );
  }
  if (you.released && totals.awaitingYou === 0) {
    return (
      <p role="status" className="rounded-md border border-green-700 bg-green-50 p-4 text-green-950">
        You released your shares.{" "}
        {totals.released >= (totals.threshold ?? Infinity)
          ? "Enough trustees have released: the names are unsealed for the organizers, who will review the letter before publishing it."
          : `The names are unsealed once ${totals.threshold} trustees have released. Keep your key file until the letter is published: signatures made later may need it.`}
      </p>
    );
  }
  return (
    <>
      {you.released ? (
        <p className="font-medium">
          {n(totals.awaitingYou)} more to release: signatures made since your release. Open your key again to release them.
        </p>
      ) : null}
      <noscript>
        <p className="rounded-md border border-amber-600 bg-amber-50 p-4 text-amber-950">
          Releasing needs JavaScript, which is off in this browser: your key file is opened here, on your computer, so that neither it nor
          your passphrase ever reaches the server. Turn JavaScript on for this page, or use another browser you trust. Refusing works
          without it.
        </p>
      </noscript>
      {hydrated && tool ? <ReleaseForm {...props} tool={tool} /> : null}
      {hydrated && !tool ? (
        <p className="rounded-md border border-amber-600 bg-amber-50 p-4 text-amber-950">
          This server’s key tool is missing, so shares cannot be opened right now. Please tell the organizers, and come back later.
        </p>
      ) : null}
      {you.released ? null : <RefuseForm serverErrors={props.serverErrors} />}
    </>
  );
}

type Stage = { name: "idle" | "opening-key" | "key-open" | "releasing" | "done"; key?: TrusteeKey; result?: ReleaseResult };

function ReleaseForm({ release, tool, ids, token, registeredFingerprint }: Props & { tool: KeyTool }) {
  const [stage, setStage] = useState<Stage>({ name: "idle" });
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<ReleaseProgress | null>(null);
  const revalidator = useRevalidator();

  async function openTheKey(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const file = (form.elements.namedItem("keyFile") as HTMLInputElement).files?.[0];
    const passphrase = (form.elements.namedItem("passphrase") as HTMLInputElement).value;
    if (!file) return setProblem("Choose your key file first.");
    setProblem(null);
    setStage({ name: "opening-key" });
    try {
      const key = await openKey(tool, file, passphrase, ids);
      form.reset(); // the passphrase leaves the page's fields
      setStage({ name: "key-open", key });
    } catch (error) {
      setProblem(problemOf(error));
      setStage({ name: "idle" });
    }
  }

  async function releaseShares() {
    if (!stage.key) return;
    setStage({ ...stage, name: "releasing" });
    try {
      const result = await releaseAll(tool, stage.key, {
        sharesPath: `/trustee/${encodeURIComponent(token ?? "")}/shares`,
        ...ids,
        total: release.totals.awaitingYou,
        onProgress: setProgress,
      });
      setStage({ name: "done", result });
      // The page's figures and who released, as they now stand (this form then gives way to its status).
      revalidator.revalidate();
    } catch (error) {
      setProblem(problemOf(error));
      setStage({ ...stage, name: "key-open" });
    }
  }

  if (stage.name === "done" && stage.result) return <Released result={stage.result} />;
  if (stage.name === "key-open" || stage.name === "releasing") {
    const matches = stage.key!.fingerprint === registeredFingerprint;
    return (
      <div className="form-card space-y-3">
        <FormErrors id="release-errors" errors={problem ? [problem] : []} />
        <p>
          Your key file opened. Its fingerprint: <code className="font-mono">{stage.key!.fingerprint}</code>.
        </p>
        {matches ? (
          <p>It is the one registered for you. Check the figures above once more, then release.</p>
        ) : (
          <p className="font-semibold text-red-800">
            It is NOT the fingerprint registered for you ({registeredFingerprint}). Do not release: tell the organizers.
          </p>
        )}
        {progress && stage.name === "releasing" ? <ProgressBar progress={progress} /> : null}
        {matches ? (
          <button type="button" onClick={releaseShares} disabled={stage.name === "releasing"} className="button button-primary">
            {stage.name === "releasing" ? "Releasing…" : `Open and release my ${n(release.totals.awaitingYou)} shares`}
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <form onSubmit={openTheKey} className="form-card space-y-3">
      <h3 className="text-xl font-semibold">Open your key</h3>
      <FormErrors id="release-errors" errors={problem ? [problem] : []} />
      <p>Your key file is read by this browser only: it is never uploaded, and neither is your passphrase.</p>
      <div className="field">
        <label htmlFor="key-file" className="block font-medium">
          Key file
        </label>
        <input id="key-file" name="keyFile" type="file" accept=".json,application/json" required className="mt-2" />
      </div>
      <div className="field">
        <label htmlFor="release-passphrase" className="block font-medium">
          Passphrase
        </label>
        <input id="release-passphrase" name="passphrase" type="password" autoComplete="off" required className="input mt-2 w-full" />
      </div>
      <button type="submit" disabled={stage.name === "opening-key"} className="button button-primary">
        {stage.name === "opening-key" ? "Opening your key (a few seconds)…" : "Open my key"}
      </button>
    </form>
  );
}

function ProgressBar({ progress }: { progress: ReleaseProgress }) {
  const words = { key: "Opening your key", opening: "Opening your shares", sending: "Sending your shares", finishing: "Finishing" };
  return (
    <div className="space-y-1">
      <label htmlFor="release-progress" className="block">
        {words[progress.stage]}: {n(progress.done)} of {n(progress.total)}
      </label>
      <progress id="release-progress" value={progress.done} max={Math.max(progress.total, 1)} className="w-full">
        {n(progress.done)} of {n(progress.total)}
      </progress>
    </div>
  );
}

function Released({ result }: { result: ReleaseResult }) {
  return (
    <p role="status" className="rounded-md border border-green-700 bg-green-50 p-4 text-green-950">
      {result.outcome === "topped-up"
        ? `Done: ${n(result.opened)} more ${result.opened === 1 ? "name was" : "names were"} unsealed for the organizers.`
        : result.revealed || result.released >= result.threshold
          ? "Done: enough trustees have released, and the names are now unsealed for the organizers, who will review the letter before publishing it."
          : `Done: your release is recorded (${result.released} of the ${result.threshold} needed). The names are unsealed once enough trustees have released.`}{" "}
      Keep your key file until the letter is published.
    </p>
  );
}

function RefuseForm({ serverErrors }: { serverErrors: string[] }) {
  return (
    <Form method="post" className="form-card space-y-3">
      <h3 className="text-xl font-semibold">Or refuse</h3>
      <p>
        If something looks wrong (the count, the text’s fingerprint), you can refuse to release. It is final. The organizers are told, with
        your reason if you give one; it is not published.
      </p>
      <FormErrors id="refuse-errors" errors={serverErrors} />
      <input type="hidden" name="intent" value="refuse" />
      <div className="field">
        <label htmlFor="refuse-reason" className="block font-medium">
          Your reason (optional, at most {REFUSAL_REASON_MAX} characters)
        </label>
        <textarea id="refuse-reason" name="reason" maxLength={REFUSAL_REASON_MAX} rows={3} className="input mt-2 w-full" />
      </div>
      <div className="flex items-start gap-3">
        <input id="confirm-refuse" name="confirmRefuse" type="checkbox" required className="mt-1.5" />
        <label htmlFor="confirm-refuse">I refuse to release my shares for this letter.</label>
      </div>
      <SubmitButton pendingText="Refusing…">Refuse</SubmitButton>
    </Form>
  );
}
