// Creating the trustee's key, in two steps: the passphrase (twice), then, once the
// key file is downloaded (and, if the trustee wishes, checked: key-file-check.tsx),
// registering the public key. Needs JavaScript: the key is
// made in this browser so that its private part never reaches the server.
import { Form } from "@remix-run/react";
import { type FormEvent, useEffect, useState } from "react";
import { FormErrors, SubmitButton } from "~/components/forms";
import { type KeyTool, PASSPHRASE_MIN_LENGTH, createKey } from "./create-key.client";
import { KeyFileCheck } from "./key-file-check";

type Created = { publicKey: string; fingerprint: string; fileUrl: string; fileName: string };
type Props = { tool: KeyTool; letterId: string; trusteeId: string; serverErrors: string[]; onCreated: (fingerprint: string) => void };

function passphraseProblem(passphrase: string, again: string) {
  if (passphrase.length < PASSPHRASE_MIN_LENGTH)
    return `Use at least ${PASSPHRASE_MIN_LENGTH} characters: a few unrelated words are easy to remember.`;
  if (passphrase !== again) return "The two passphrases differ. Type the same one twice.";
  return null;
}

export function KeyForm({ tool, letterId, trusteeId, serverErrors, onCreated }: Props) {
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [saved, setSaved] = useState(false);
  // The key file's address in memory goes when the page does.
  useEffect(() => () => (created ? URL.revokeObjectURL(created.fileUrl) : undefined), [created]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const passphrase = String(fields.get("passphrase") ?? "");
    const found = passphraseProblem(passphrase, String(fields.get("passphraseAgain") ?? ""));
    setProblem(found);
    if (found) return;
    setWorking(true);
    try {
      const key = await createKey(tool, { passphrase, letterId, trusteeId });
      form.reset(); // the passphrase leaves the page's fields
      const fileUrl = URL.createObjectURL(new Blob([key.keyFile], { type: "application/json" }));
      const fileName = `undersigned-trustee-key-${key.fingerprint.replace(/\s+/g, "").slice(0, 8).toLowerCase()}.json`;
      setCreated({ publicKey: key.publicKey, fingerprint: key.fingerprint, fileUrl, fileName });
      onCreated(key.fingerprint);
    } catch {
      setProblem("Your key could not be created in this browser. Reload the page and try again, or use another up-to-date browser.");
    } finally {
      setWorking(false);
    }
  }

  if (!created) {
    return (
      <form onSubmit={create} className="form-card max-w-2xl" aria-describedby="passphrase-advice">
        <h3 className="text-xl font-semibold">1. Choose a passphrase</h3>
        <FormErrors id="key-errors" errors={problem ? [problem] : serverErrors} />
        <p id="passphrase-advice">
          It protects your key file. Nobody can reset it: not the organizers, not us. Write it down somewhere apart from the file, or use a
          password manager.
        </p>
        <div className="field">
          <label htmlFor="passphrase" className="block font-medium">
            Passphrase
          </label>
          <input id="passphrase" name="passphrase" type="password" autoComplete="new-password" required className="input mt-2 w-full" />
        </div>
        <div className="field">
          <label htmlFor="passphrase-again" className="block font-medium">
            The same passphrase again
          </label>
          <input
            id="passphrase-again"
            name="passphraseAgain"
            type="password"
            autoComplete="new-password"
            required
            className="input mt-2 w-full"
          />
        </div>
        <button type="submit" disabled={working} aria-disabled={working} className="button button-primary">
          {working ? "Creating your key (a few seconds)…" : "Create my key"}
        </button>
      </form>
    );
  }

  return (
    <div className="form-card max-w-2xl space-y-4">
      <h3 className="text-xl font-semibold">2. Save your key file, then register your key</h3>
      <p>
        <a href={created.fileUrl} download={created.fileName} className="button button-secondary">
          Download your key file
        </a>
      </p>
      <p>
        Keep it somewhere safe and out of the employer's reach (a USB stick, your own cloud storage). Your browser made it; it is not kept
        anywhere else, and it only opens with your passphrase.
      </p>
      <p>
        Your key's fingerprint, as your browser computed it: <code className="font-mono text-lg">{created.fingerprint}</code>. Note it:
        after you register, this page shows the fingerprint the server computed, and they must be the same.
      </p>
      <KeyFileCheck tool={tool} ids={{ letterId, trusteeId }} expectedFingerprint={created.fingerprint} />
      <Form method="post" className="space-y-3">
        <FormErrors id="register-errors" errors={serverErrors} />
        <input type="hidden" name="publicKey" value={created.publicKey} />
        <div className="flex items-start gap-3">
          <input id="saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} className="mt-1.5" />
          <label htmlFor="saved">I saved the key file, and I will remember the passphrase.</label>
        </div>
        {saved ? (
          <SubmitButton pendingText="Registering your key…">Register my key</SubmitButton>
        ) : (
          <p className="text-sm text-stone-700">Tick the box once the key file is saved.</p>
        )}
      </Form>
    </div>
  );
}
