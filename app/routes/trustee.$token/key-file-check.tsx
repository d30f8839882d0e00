// "Check your saved key file", offered between the download and "Register my key"
// (issue 15). A trustee who saved the wrong file, or whose passphrase is not the one
// they think, would find out only at the threshold, and with k trustees needed that
// can block the letter for everyone. Here they choose the file they saved and type
// the passphrase; this browser opens it as the release will (openKeyFile, bound to
// this letter and trustee) and says whether it opens and holds the key just made.
// Nothing is sent: the file is read here, and the fields have no `name`, so even a
// form submitted without this script would carry neither.
import { type FormEvent, useRef, useState } from "react";
import { FormErrors } from "~/components/forms";
import type { KeyTool } from "./create-key.client";
import { keyFileProblemOf, openKey } from "./key-file.client";

type Props = { tool: KeyTool; ids: { letterId: string; trusteeId: string }; expectedFingerprint: string };

type Outcome = { opens: true; fingerprint: string } | { opens: false; problem: string };

/** What the check says when the file did not open, or opened with another key. */
export function checkProblem(outcome: { error: unknown } | { otherFingerprint: string }) {
  if ("otherFingerprint" in outcome)
    return `This key file opens, but it holds another key (fingerprint ${outcome.otherFingerprint}), not the one you just made. Is it a file from an earlier try? Download your key file again with the button above, and keep that one.`;
  const problem = keyFileProblemOf(outcome.error);
  // Before registering, a forgotten passphrase costs only a new key.
  return (outcome.error as { reason?: string } | null)?.reason === "passphrase"
    ? `${problem} If you no longer remember it, reload this page and create a new key: nothing is registered yet.`
    : problem;
}

export function KeyFileCheck({ tool, ids, expectedFingerprint }: Props) {
  const file = useRef<HTMLInputElement>(null);
  const passphrase = useRef<HTMLInputElement>(null);
  const [checking, setChecking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) return setOutcome({ opens: false, problem: "Choose the key file you saved first." });
    setChecking(true);
    setOutcome(null);
    try {
      const key = await openKey(tool, chosen, passphrase.current?.value ?? "", ids);
      setOutcome(
        key.fingerprint === expectedFingerprint
          ? { opens: true, fingerprint: key.fingerprint }
          : { opens: false, problem: checkProblem({ otherFingerprint: key.fingerprint }) },
      );
    } catch (error) {
      setOutcome({ opens: false, problem: checkProblem({ error }) });
    } finally {
      // The passphrase leaves the page's fields either way.
      if (passphrase.current) passphrase.current.value = "";
      setChecking(false);
    }
  }

  return (
    <form onSubmit={check} aria-labelledby="check-key-title" className="space-y-3 rounded-md border border-stone-300 p-4">
      <h4 id="check-key-title" className="text-lg font-semibold">
        Check your saved key file (optional)
      </h4>
      <p>
        Before you register, make sure the file you saved opens with your passphrase. This browser opens it, as it will when the names are
        released; neither the file nor the passphrase is sent anywhere.
      </p>
      {outcome && !outcome.opens ? <FormErrors id="check-key-errors" errors={[outcome.problem]} /> : null}
      {outcome?.opens ? (
        <p role="status" className="rounded-md border border-green-700 bg-green-50 p-4 text-green-950">
          Your key file opens with this passphrase, and holds the key you just made (fingerprint {outcome.fingerprint}). Keep both until the
          letter is published.
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="check-key-file" className="block font-medium">
          The key file you saved
        </label>
        <input id="check-key-file" ref={file} type="file" accept=".json,application/json" className="mt-2 block w-full" />
      </div>
      <div className="field">
        <label htmlFor="check-passphrase" className="block font-medium">
          Your passphrase
        </label>
        <input id="check-passphrase" ref={passphrase} type="password" autoComplete="off" className="input mt-2 w-full" />
      </div>
      <button type="submit" disabled={checking} aria-disabled={checking} className="button button-secondary">
        {checking ? "Opening your key file (a few seconds)…" : "Check my key file"}
      </button>
    </form>
  );
}
