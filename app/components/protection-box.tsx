import { useId } from "react";
import { acceptsSignatures, LetterStatus } from "~/domain/letters/lifecycle";

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
};

/**
 * "How you are protected", in five short lines, limits included: the privacy model
 * as a signer needs to hear it. Meant for the landing page and every letter page.
 */
export function ProtectionBox({ headingLevel = 2, id, className = "", status = LetterStatus.OPEN }: Props) {
  const headingId = useId();
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
        ) : (
          <li>
            <strong className="font-semibold text-ink">Your name is sealed.</strong> It is encrypted, and nobody — organizers included — can
            see it before the threshold is met.
          </li>
        )}
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
          arrive. Use a personal device and network. Whoever runs this server must be trusted.
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
