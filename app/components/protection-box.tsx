import { useId } from "react";
import { acceptsSignatures, isSealedAndSigning, LetterStatus } from "~/domain/letters/lifecycle";

/** A letter whose names are sealed for its trustees (decision 015): k of n, and the sealing code's SHA-256. */
export type TrusteeModel = { threshold: number; count: number; codeSha256: string | null };

type Props = {
  /** The heading level that fits where the box sits in the page outline. */
  headingLevel?: 2 | 3;
  /** An anchor for in-page links, e.g. "how-you-are-protected". */
  id?: string;
  className?: string;
  /**
   * The letter's status, where the box sits on a letter's page. Past the threshold
   * the promises about sealing no longer hold for a new signature, and the box
   * must not say they do. Without it (the landing page): an open letter.
   */
  status?: LetterStatus;
  /** The letter's trustees, when it has them: what a signer trusts is then different, and said so. */
  trustees?: TrusteeModel | null;
  /**
   * On a receipt: the reader has signed, and `trustees` is given only when their own
   * signature was sealed for the trustees. The box then says how it was sealed.
   */
  signed?: boolean;
};

/**
 * "How you are protected", in five short lines, limits included: the privacy model
 * as a signer needs to hear it. Meant for the landing page and every letter page.
 */
export function ProtectionBox({
  headingLevel = 2,
  id,
  className = "",
  status = LetterStatus.OPEN,
  trustees = null,
  signed = false,
}: Props) {
  const headingId = useId();
  // Trustees guard only what is signed while the names are sealed; after their release the server seals as before.
  const guarded = trustees && isSealedAndSigning(status) ? trustees : null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section id={id} aria-labelledby={headingId} className={`rounded-lg border border-accent-200 bg-accent-50 p-5 sm:p-6 ${className}`}>
      <Heading id={headingId} className="text-lg font-semibold text-accent-900">
        How you are protected
      </Heading>
      <ul className="mt-3 space-y-3 text-stone-800">
        <li>
          <strong className="font-semibold text-ink">Your work email is used once</strong>, to send you a code. After that only a keyed hash
          of it is kept: enough to stop double signing, useless for finding you.
        </li>
        {status === LetterStatus.REVEALED ? (
          <li>
            <strong className="font-semibold text-ink">This letter has met its threshold: names are unsealed.</strong> If you sign now, the
            organizers see your name and title at once, and they are published with the letter.
          </li>
        ) : status === LetterStatus.AWAITING_TRUSTEES ? (
          <li>
            <strong className="font-semibold text-ink">This letter has met its threshold; names are still sealed.</strong> They are unsealed
            together once enough of the letter&rsquo;s trustees check the count and release them; then the organizers see your name and
            title, and they are published with the letter.
          </li>
        ) : status === LetterStatus.PUBLISHED ? (
          <li>
            <strong className="font-semibold text-ink">The names are public.</strong> They were sealed until the threshold was met, then
            unsealed together, and published with the letter.
          </li>
        ) : guarded ? null : (
          <li>
            <strong className="font-semibold text-ink">Your name is sealed.</strong> It is encrypted, and nobody — organizers included — can
            see it before the threshold is met.
          </li>
        )}
        {guarded ? <TrusteeLines trustees={guarded} signed={signed} /> : null}
        <li>
          <strong className="font-semibold text-ink">Nobody can tell when you signed.</strong> The count moves in batches, and signatures
          are listed without times.
        </li>
        {status === LetterStatus.REVEALED || status === LetterStatus.AWAITING_TRUSTEES ? (
          <li>
            <strong className="font-semibold text-ink">Until the letter is published</strong> you can withdraw your signature with the
            receipt link you get when you sign.
          </li>
        ) : status === LetterStatus.PUBLISHED ? null : (
          <li>
            <strong className="font-semibold text-ink">If the threshold is missed</strong> by the deadline, everything is destroyed, and
            sealed names can never be read.
          </li>
        )}
        <li className="border-t border-accent-200 pt-3">
          <strong className="font-semibold text-ink">The limits:</strong> your employer&rsquo;s mail server will see one verification email
          arrive. Use a personal device and network.{" "}
          {guarded && signed
            ? "Whoever runs this server cannot read your name alone. You trusted it to send you the real sealing code (compare its SHA-256 above) or, with JavaScript off, to seal your name as it says; and it can read your contact address."
            : guarded
              ? "Whoever runs this server cannot read names alone, but is still trusted to send you the real sealing code (compare its SHA-256 above), to seal your name as it says when JavaScript is off, and with your contact address, which it can read."
              : "Whoever runs this server must be trusted."}
          {acceptsSignatures(status) ? (
            // Decision 010: the residual of the "already signed" oracle, told where it applies.
            <>
              {" "}
              Someone who reads your work mail can sign in your name. What they see does not say whether you had signed, but if nobody else
              signs around the same time, whether the count moves can; and if you had not signed, their signature counts.
            </>
          ) : null}
        </li>
      </ul>
    </section>
  );
}

/** The sealing code's SHA-256, for anyone to compare with a build from the source. */
function CodeHash({ sha256 }: { sha256: string | null }) {
  return sha256 ? (
    <>
      {" "}
      (SHA-256 <code className="break-all font-mono text-sm">{sha256}</code>: anyone can build it from the source and compare)
    </>
  ) : null;
}

/**
 * What a letter with trustees promises, and what it still asks a signer to trust.
 * Signed (a receipt): how this signature was sealed, which the server cannot tell
 * apart afterwards, so both ways are said.
 */
function TrusteeLines({ trustees, signed }: { trustees: TrusteeModel; signed: boolean }) {
  if (signed) {
    return (
      <>
        <li>
          <strong className="font-semibold text-ink">
            Your name is sealed for the letter&rsquo;s trustees: {trustees.threshold} of its {trustees.count} must agree
          </strong>{" "}
          before it can be read, after the threshold is met. Nobody else can open it: not the organizers, not whoever runs this server.
        </li>
        <li>
          <strong className="font-semibold text-ink">It was sealed before it was stored:</strong> by your browser, if JavaScript was on,
          with code this server sent you
          <CodeHash sha256={trustees.codeSha256} />; by this server the moment your form arrived, if JavaScript was off, with the same
          trustees&rsquo; keys and keeping no plain copy.
        </li>
        <li>
          <strong className="font-semibold text-ink">Your personal contact address, if you left one, is sealed by this server</strong>, not
          for the trustees: it must be able to mail you.
        </li>
      </>
    );
  }
  return (
    <>
      <li>
        <strong className="font-semibold text-ink">
          Your name is sealed for the letter&rsquo;s trustees: {trustees.threshold} of its {trustees.count} must agree
        </strong>{" "}
        before any name can be read, after the threshold is met. Nobody else can open it: not the organizers, not whoever runs this server.
      </li>
      <li>
        <strong className="font-semibold text-ink">With JavaScript on, your browser seals your name</strong> before it leaves your device,
        with code this server sends you
        <CodeHash sha256={trustees.codeSha256} />. <strong className="font-semibold text-ink">With JavaScript off</strong>, this server
        seals it with the same trustees&rsquo; keys the moment your form arrives, and keeps no plain copy: then you trust it to do so.
      </li>
      <li>
        <strong className="font-semibold text-ink">Your personal contact address, if you leave one, is sealed by this server</strong>, not
        for the trustees: it must be able to mail you.
      </li>
    </>
  );
}
