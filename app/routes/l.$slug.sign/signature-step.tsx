// Step 3: the signature (a public line, the sealed name) and the signer's consent.
// On a letter with trustees (decision 015), with JavaScript, the name and title are
// sealed in this browser and only the envelope is posted (seal-identity.client.ts);
// without JavaScript, the server seals them with the same keys when the form arrives.
import { getFormProps } from "@conform-to/react";
import { Form, useSubmit } from "@remix-run/react";
import { type FormEvent, useEffect, useState } from "react";
import { ConfirmField, Field, FormErrors, RadioField, SelectField, SubmitButton, firstErrorField, useZodForm } from "~/components/forms";
import { SigningStep } from "~/components/signer-letter";
import { awaitsPublication } from "~/domain/letters/lifecycle";
import { useNonce } from "~/http/nonce";
import { PUBLIC_LINE_MAX, signatureFormFields } from "~/domain/letters/signature-rules";
import { suggestedNameAts } from "~/domain/letters/name-conditions";
import { RestartForm } from "./restart-form";
import { loadTrusteeCrypto } from "~/components/trustee-crypto.client";
import { sealInBrowser } from "./seal-identity.client";
import { type StepProps, forIntent } from "./step-props";

type Sealing = "idle" | "sealing" | "failed";

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export function SignatureStep({ data, lastResult }: StepProps) {
  const { letter, trusteeSealing: sealing, trustees } = data;
  const schema = signatureFormFields(letter.allowedDomains);
  const submit = useSubmit();
  const hydrated = useHydrated();
  const nonce = useNonce();
  const [sealState, setSealState] = useState<Sealing>("idle");
  // Loaded ahead of the submit: the server's <script> below runs only on a full page
  // load; a failure here shows only when sealing is tried.
  useEffect(() => {
    if (hydrated && sealing?.bundle) loadTrusteeCrypto(sealing.bundle).catch(() => undefined);
  }, [hydrated, sealing?.bundle]);
  // Once sealing here failed, the next submit sends the form as it is (the server
  // seals, as without JavaScript): the page has said so first (see SealFailed).
  const sealHere = Boolean(sealing?.bundle) && sealState !== "failed";
  function sealThenSubmit(event: FormEvent<HTMLFormElement>, { formData }: { formData: FormData }) {
    if (!sealing || !sealHere) return;
    event.preventDefault();
    // Trimmed as the server's schema would store them.
    const name = String(formData.get("name") ?? "").trim();
    const title = String(formData.get("title") ?? "").trim() || null;
    setSealState("sealing");
    sealInBrowser(sealing, { name, title }).then(
      (envelope) => {
        // The name and title never leave this browser in plain text.
        formData.delete("name");
        formData.delete("title");
        formData.set("sealedIdentity", envelope);
        formData.set("intent", "sign");
        setSealState("idle");
        submit(formData, { method: "post" });
      },
      () => setSealState("failed"),
    );
  }
  const [form, fields] = useZodForm(schema, { id: "sign", lastResult: forIntent(lastResult, "sign"), onSubmit: sealThenSubmit });
  const focus = firstErrorField(fields, ["publicLine", "team", "nameAt", "name", "title", "contactEmail", "consent"]);
  const people = letter.threshold.toLocaleString("en");
  return (
    <SigningStep
      step={3}
      heading="Sign the letter"
      letterTitle={letter.title}
      letterPath={data.letterPath}
      letter={data.letter}
      next="you get a receipt link to save. It lets you check your signature, or withdraw it until the letter is published."
      trustees={trustees}
    >
      {sealing?.bundle && !hydrated ? (
        // The sealing code, checked by the browser against its hash (SRI), under this
        // response's nonce (CSP). Only in the server's HTML: a <script> React adds later
        // (after a client-side navigation) never runs, so then the effect above adds one.
        <script
          type="module"
          src={sealing.bundle.src}
          integrity={sealing.bundle.integrity}
          crossOrigin="anonymous"
          nonce={nonce}
          data-trustee-crypto=""
          suppressHydrationWarning
        />
      ) : null}
      <p>Your work address is verified. Sign within the hour.</p>
      <p className="text-sm text-stone-700">
        An address counts once. If this address has signed before, only that first signature counts, and only its own receipt withdraws it;
        signing again changes nothing of it. Every signer sees this same page and gets a receipt.
      </p>
      <Form method="post" {...getFormProps(form)} className="form-card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="form-card rounded-lg border border-stone-300 bg-white p-5">
          <legend className="px-1 font-semibold">Shown now</legend>
          <Field
            field={fields.publicLine}
            label="Public line (optional)"
            autoComplete="off"
            autoFocus={focus === "publicLine"}
            hint={`Shown now, without your name — e.g. ‘Engineer, Azure’. Leave empty to show nothing. At most ${PUBLIC_LINE_MAX} characters.`}
          />
          {letter.teams.length > 0 ? (
            <SelectField
              field={fields.team}
              label="Your team (optional)"
              autoFocus={focus === "team"}
              options={[
                { value: "", label: "Prefer not to say" },
                ...letter.teams.map((team, index) => ({ value: String(index), label: team })),
              ]}
              hint="Before the reveal your team is only counted, never shown beside your line: a team's number appears once at least 5 of it have signed, and never in a way that gives a smaller team away; once the letter is published it is shown with your name."
            />
          ) : null}
        </fieldset>
        <fieldset className="form-card rounded-lg border border-stone-300 bg-white p-5">
          <legend className="px-1 font-semibold">Sealed until {people} have signed</legend>
          {sealing && trustees ? <WhoSeals threshold={trustees.threshold} count={trustees.count} inBrowser={hydrated && sealHere} /> : null}
          <Field
            field={fields.name}
            label="Your full name"
            autoComplete="name"
            autoFocus={focus === "name"}
            hint={`Sealed: nobody sees it until ${people} people have signed.`}
          />
          <RadioField
            field={fields.nameAt}
            legend="When may your name be unsealed?"
            autoFocus={focus === "nameAt"}
            options={nameAtOptions(letter.threshold)}
            hint={NAME_AT_HINT}
          />
          <Field
            field={fields.title}
            label="Your job title (optional)"
            autoComplete="organization-title"
            autoFocus={focus === "title"}
            hint="Sealed with your name, e.g. “Senior Engineer”."
          />
          <Field
            field={fields.contactEmail}
            label="Personal contact email (optional)"
            type="email"
            autoComplete="email"
            autoFocus={focus === "contactEmail"}
            hint={
              sealing
                ? "Not your work address. For the receipt and, after publication, at most one update a week and ten in all, each with a one-click link that stops them and erases the address. Sealed by this server, not for the trustees: it must be able to mail you. Destroyed with your name if the letter expires."
                : "Not your work address. For the receipt and, after publication, at most one update a week and ten in all, each with a one-click link that stops them and erases the address; destroyed with your name if the letter expires."
            }
          />
        </fieldset>
        <ConfirmField
          field={fields.consent}
          autoFocus={focus === "consent"}
          label={
            awaitsPublication(data.letter.status)
              ? "I understand that this letter has already reached its threshold: my name and title are shown to the organizers as soon as I sign (or once the number I chose above have signed), and published with the letter."
              : `I understand that when ${people} people have signed (or the number I chose above), my name and title are unsealed and shown to the organizers, and published with the letter.`
          }
        />
        {sealState === "failed" ? <SealFailed /> : null}
        <SubmitButton
          name="intent"
          value="sign"
          pendingText={sealState === "sealing" ? "Sealing your name…" : "Signing…"}
          busy={sealState === "sealing"}
        >
          Sign the letter
        </SubmitButton>
      </Form>
      <RestartForm
        lastResult={lastResult}
        heading="Not you?"
        text="If someone else verified in this browser, start again with your own work email."
      />
    </SigningStep>
  );
}

/** The radios of the signer's own bar (decision 019): the letter's threshold first (checked), then the suggested values. */
export function nameAtOptions(threshold: number) {
  return [
    { value: "", label: `When the letter's threshold (${threshold.toLocaleString("en")}) is met` },
    ...suggestedNameAts(threshold).map((n) => ({ value: String(n), label: `Only once ${n.toLocaleString("en")} have signed` })),
  ];
}

/** The one sentence for a scared signer (UX.md): what raising their own bar does, and what it costs. */
export const NAME_AT_HINT =
  "You count from the start either way; with a higher number your name stays sealed until that many have signed, and if the letter is published before then your name is destroyed and only counted, never shown.";

/** Who can read the name on a letter with trustees, and what JavaScript on or off changes (issue 15). */
function WhoSeals({ threshold, count, inBrowser }: { threshold: number; count: number; inBrowser: boolean }) {
  const trustees = `${threshold} of the letter's ${count} trustees`;
  return inBrowser ? (
    <p className="rounded-md bg-accent-50 px-3 py-2 text-sm text-stone-800" data-sealing="browser">
      Your browser seals your name and title before they leave this device: nobody can read them until {trustees} release the names, not the
      organizers, not whoever runs this server. Only the sealed form is sent.
    </p>
  ) : (
    <p className="rounded-md bg-accent-50 px-3 py-2 text-sm text-stone-800" data-sealing="server">
      This server seals your name and title with the trustees&rsquo; keys the moment the form arrives, and keeps no plain copy: after that
      nobody can read them until {trustees} release the names. Until then you trust this server to do so. With JavaScript on, your browser
      would seal them before they leave this device.
    </p>
  );
}

/** Sealing here failed: say so, and let the signer choose the server's sealing (the next click) or a reload. */
function SealFailed() {
  return (
    <div role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-4 text-stone-900">
      <p className="font-semibold">Your browser could not seal your name. Nothing was sent.</p>
      <p className="mt-1">
        If you sign now, this server seals your name with the same trustees&rsquo; keys the moment it arrives, as it does when JavaScript is
        off, and keeps no plain copy; you then trust it to do so. Or reload the page to try sealing it in your browser again.
      </p>
    </div>
  );
}
