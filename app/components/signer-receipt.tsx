// The signer's receipt: the letter's state in one sentence from the signer's
// point of view, and the "save this link" box shown right after signing.
import { useEffect, useState } from "react";
import { formatDay, formatUtcMoment } from "~/lib/dates";
import { isSealedAndSigning, LetterStatus } from "~/domain/letters/lifecycle";
import { ProtectionBox, type TrusteeModel } from "./protection-box";

type ReceiptStatusProps = {
  status: LetterStatus;
  threshold: number;
  deadline: string;
  /** The signer's own sealed identity; the domain gives it only once the letter is revealed, and never with trustees. */
  identity: { name: string; title: string | null } | null;
  /** The letter has trustees (decision 015): its receipts never show a name. */
  withTrustees?: boolean;
  /**
   * Decision 019: the signer's own bar, when it is not met by the live count (null
   * when there is none, or it is met). The same for a signature and a decoy receipt.
   */
  waitingForCount?: number | null;
  /** While cooling off (decision 020): when the names are unsealed, on the hour. */
  coolingOffEndsAt?: string | null;
};

function nameAndTitle(identity: { name: string; title: string | null }) {
  return identity.title ? `${identity.name}, ${identity.title}` : identity.name;
}

export function ReceiptStatus({
  status,
  threshold,
  deadline,
  identity,
  withTrustees = false,
  coolingOffEndsAt = null,
  waitingForCount = null,
}: ReceiptStatusProps) {
  const people = threshold.toLocaleString("en");
  let state: string;
  let detail: string;
  switch (status) {
    case LetterStatus.OPEN:
      state = `Sealed — names hidden until ${people} sign`;
      detail = `Nobody, organizers included, can see your name before that. If fewer than ${people} have signed by ${formatDay(deadline)}, everything is destroyed, your name included.`;
      break;
    case LetterStatus.COOLING_OFF:
      state = `Threshold met — names stay sealed until ${coolingOffEndsAt ? formatUtcMoment(coolingOffEndsAt) : "the cooling-off period ends"}`;
      detail = `At least ${people} people signed. Until then anyone may still withdraw, and if the count falls below ${people}, the letter goes back to collecting signatures and nothing is unsealed.`;
      break;
    case LetterStatus.AWAITING_TRUSTEES:
      state = "Threshold met — names still sealed until the trustees release them";
      detail =
        "Enough people signed. The letter's trustees now check the count, and the names are unsealed only once enough of them agree. Until publication you can still withdraw.";
      break;
    case LetterStatus.REVEALED:
      if (waitingForCount !== null) {
        const bar = waitingForCount.toLocaleString("en");
        state = `Revealed — your name stays sealed until ${bar} have signed`;
        detail = `Enough people signed for the letter's threshold, but you asked to be named only once ${bar} have signed: if the count reaches that before the letter is published, your name is unsealed then; if not, it is destroyed and you are only counted. Until publication you can still withdraw.`;
        break;
      }
      if (withTrustees) {
        // Said of the letter, not of this signature: whether this one is open yet
        // (signed while the trustees were releasing) would tell a decoy apart.
        state = "Revealed — the trustees released the names to the organizers";
        detail =
          "Names signed while the trustees were releasing follow when a trustee releases those too. On a letter with trustees, receipts never show the name. The organizers review the letter before publishing it; until then you can still withdraw.";
        break;
      }
      state = `Revealed — your name is now visible to the organizers${identity ? `: ${nameAndTitle(identity)}` : ""}`;
      detail =
        "Enough people signed, so all names were unsealed together. The organizers review the letter before publishing it; until then you can still withdraw.";
      break;
    case LetterStatus.PUBLISHED:
      if (waitingForCount !== null) {
        state = "Published — without your name";
        detail = `The count did not reach ${waitingForCount.toLocaleString("en")} before publication: your sealed name was destroyed, and you are counted among the verified signers left unnamed. The list can no longer change.`;
        break;
      }
      state = `Published${identity ? ` — with your name: ${nameAndTitle(identity)}` : ""}`;
      detail = "The letter and its signatories are public. The list can no longer change.";
      break;
    case LetterStatus.EXPIRED:
      state = "Expired — nothing kept";
      detail = "The threshold was not met by the deadline. Your sealed name was destroyed; nobody ever saw it.";
      break;
    case LetterStatus.CANCELLED:
      state = "Cancelled — nothing kept";
      detail = "The organizers cancelled the letter. Your sealed name was destroyed; nobody ever saw it.";
      break;
    case LetterStatus.DRAFT:
      state = "Not open";
      detail = "This letter is not collecting signatures.";
  }
  return (
    <section aria-labelledby="receipt-status" className="rounded-lg border border-stone-300 bg-white p-5">
      <h2 id="receipt-status" className="text-sm font-semibold uppercase tracking-wide text-stone-700">
        Status
      </h2>
      <p className="mt-1 text-xl font-bold">{state}</p>
      <p className="mt-1">{detail}</p>
    </section>
  );
}

/** Shown once, right after signing. Works without JavaScript; with it, a copy button appears. */
export function SaveReceiptLink({ url }: { url: string }) {
  return (
    <section aria-labelledby="save-receipt" className="rounded-lg border-2 border-accent-700 bg-accent-50 p-5">
      <h2 id="save-receipt" className="text-xl font-bold text-accent-900">
        Save this link: it is your receipt.
      </h2>
      <p className="mt-2">
        It is shown only once. With it you can check your signature and withdraw it until the letter is published. Nobody can give it to you
        again, except the one email we sent if you left a personal contact address.
      </p>
      <label htmlFor="receipt-link" className="mt-4 block font-medium">
        Your receipt link
      </label>
      <input
        id="receipt-link"
        type="text"
        readOnly
        value={url}
        aria-describedby="receipt-link-hint"
        onFocus={(event) => event.currentTarget.select()}
        className="input mt-2 w-full font-mono text-sm"
      />
      <CopyButton text={url} />
      <p id="receipt-link-hint" className="mt-2 text-sm text-stone-800">
        Keep it somewhere private, such as a password manager or a note on a personal device. Not in work chat, work email or on a work
        device: anyone with the link can withdraw your signature.
      </p>
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<"unavailable" | "ready" | "copied" | "failed">("unavailable");
  // Only after hydration, and only where the browser offers a clipboard.
  useEffect(() => {
    if (typeof navigator !== "undefined" && navigator.clipboard) setState("ready");
  }, []);
  if (state === "unavailable") return null;
  return (
    <p className="mt-2 flex flex-wrap items-center gap-3">
      <button
        type="button"
        className="button button-secondary"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          )
        }
      >
        Copy the link
      </button>
      <span role="status" className="text-sm">
        {state === "copied" ? "Copied." : state === "failed" ? "Could not copy: select the link and copy it yourself." : ""}
      </span>
    </p>
  );
}

/**
 * "How you are protected" on a receipt, while names are sealed: what protects this
 * signature. One sealed for the letter's trustees (its `identitySealing`, decision
 * 015) is told how, the ordinary wording would promise what is not true of it.
 */
export function ReceiptProtection({ status, sealedForTrustees }: { status: LetterStatus; sealedForTrustees: TrusteeModel | null }) {
  if (!isSealedAndSigning(status)) return null;
  return <ProtectionBox headingLevel={2} status={status} trustees={sealedForTrustees} signed />;
}

/** The sentence right after signing: until when the name stays sealed, and for whom. */
export function sealedUntil(
  status: LetterStatus,
  threshold: number,
  sealedForTrustees: TrusteeModel | null,
  own: { nameAt: number | null; waitingForCount: number | null } = { nameAt: null, waitingForCount: null },
) {
  // The signer's own bar, when higher (decision 019): sealed until then, whatever the letter's.
  const people = Math.max(threshold, own.nameAt ?? 0).toLocaleString("en");
  if (status === LetterStatus.REVEALED && own.waitingForCount !== null)
    return `The letter's threshold is met; you asked to be named only once ${people} have signed, so your name stays sealed until the count reaches that.`;
  // Past the threshold (this signature may be the one that met it): no "until N have signed".
  if (status === LetterStatus.REVEALED) return "The threshold is met: your name is visible to the organizers now.";
  if (status === LetterStatus.COOLING_OFF)
    return "The threshold is met: your name stays sealed until the cooling-off period ends, and you can still withdraw until then.";
  if (status === LetterStatus.AWAITING_TRUSTEES)
    return sealedForTrustees
      ? `Your name is sealed for the letter’s trustees: nobody can read it until ${sealedForTrustees.threshold} of its ${sealedForTrustees.count} trustees release the names. The threshold is met.`
      : "The threshold is met: your name stays sealed until enough of the letter’s trustees release the names.";
  return sealedForTrustees
    ? `Your name is sealed for the letter’s trustees: nobody can read it until ${people} people have signed and ${sealedForTrustees.threshold} of its ${sealedForTrustees.count} trustees release the names.`
    : `Your name is sealed until ${people} people have signed.`;
}
