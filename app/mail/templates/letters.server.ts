// Mail about letters. Verification mail goes to WORK addresses, which the employer
// reads: it names neither the letter, nor its topic, nor this service, and carries
// a code to type rather than a link (corporate link scanners open every link).
import { absoluteUrl } from "~/lib/app-url.server";
import { formatUtcMoment } from "~/lib/dates";
import { CODE_TTL_MS, durationInWords } from "~/lib/lifetimes";

export function signingCodeMail(code: string) {
  const spaced = `${code.slice(0, 4)} ${code.slice(4)}`;
  return {
    kind: "signing-code",
    subject: "Your verification code",
    text: [
      `Your verification code is: ${spaced}`,
      "",
      `It works once, for ${durationInWords(CODE_TTL_MS)}. If you did not ask for it, ignore this email.`,
    ].join("\n"),
  };
}

// The rest go to personal contact addresses and organizers' login addresses.
export function receiptMail(letterTitle: string, receiptPath: string) {
  return {
    kind: "signature-receipt",
    subject: `Your signature on “${letterTitle}”`,
    text: [
      `You signed “${letterTitle}”. Your receipt — keep it private:`,
      "",
      absoluteUrl(receiptPath),
      "",
      "It shows whether names are still sealed, and lets you withdraw your signature until the letter is published.",
    ].join("\n"),
  };
}

/**
 * To the contact address of a first signature, when its work address was verified
 * again and signed a second time (decision 010). The employer reads work mail, not
 * this: the mail can say plainly what happened.
 */
export function signedAgainMail(letterTitle: string) {
  return {
    kind: "signed-again",
    subject: `Your work address signed “${letterTitle}” again`,
    text: [
      `Someone verified your work address again for “${letterTitle}” and submitted a second signature.`,
      "",
      "Only your first signature counts, and it is unchanged: the second one was refused, though it was not told so. Your own receipt link still checks and withdraws your signature; the second receipt cannot touch it.",
      "",
      "If that was you, there is nothing to do. If it was not, someone who can read your work mail tried to sign in your name. What they were shown is the same whether or not you had signed, and your sealed name was not opened; the limits on the letter's page say what a patient watcher of the count can still guess.",
    ].join("\n"),
  };
}

export function revealedMail(letterTitle: string, dashboardLink: string | null, withTrustees = false) {
  return {
    kind: "letter-revealed",
    subject: `“${letterTitle}” reached its threshold`,
    text: [
      withTrustees
        ? // Of the letter, not of the reader's own name: it may have been signed while the trustees were releasing.
          `“${letterTitle}” reached its threshold and its trustees released the signatories' names: they are now visible to the organizers. Names signed while the trustees were releasing follow when a trustee releases those too.`
        : `“${letterTitle}” reached its threshold: the signatories' names are now unsealed and visible to the organizers.`,
      // Decision 019: the same words to every reader, whatever they chose.
      "A signer who asked to be named only once more have signed stays sealed until the count reaches their number, and is only counted if the letter is published before then.",
      "",
      dashboardLink
        ? `See the letter: ${dashboardLink}`
        : "The organizers will review the letter before publishing it. Until then you can still withdraw, from the receipt link you got when you signed.",
    ].join("\n"),
  };
}

/**
 * The threshold was met and the cooling-off period began (decision 020): to the
 * organizers (with their dashboard link) and, once, to signers who left a contact
 * address (no link: their receipt link is kept nowhere but with them).
 */
export function coolingOffMail(
  letterTitle: string,
  {
    endsAt,
    threshold,
    dashboardLink,
    withTrustees,
  }: { endsAt: Date; threshold: number; dashboardLink: string | null; withTrustees: boolean },
) {
  const end = formatUtcMoment(endsAt);
  return {
    kind: "letter-cooling-off",
    subject: `“${letterTitle}” reached its threshold — names stay sealed until ${end}`,
    text: [
      `“${letterTitle}” reached its threshold of ${threshold.toLocaleString("en")} signatures.`,
      "",
      withTrustees
        ? `The names stay sealed until ${end}; then the letter's trustees are asked to release them. Until then anyone may withdraw, and if withdrawals bring the count below ${threshold.toLocaleString("en")}, the letter goes back to collecting signatures and nothing is unsealed.`
        : `The names stay sealed until ${end}, and are then unsealed for the organizers. Until then anyone may withdraw, and if withdrawals bring the count below ${threshold.toLocaleString("en")}, the letter goes back to collecting signatures and nothing is unsealed.`,
      "",
      "This pause exists so that signatures added without their signers knowing (for example by someone who reads work email) cannot force the names out unseen.",
      "",
      dashboardLink
        ? `If this looks wrong, you can cancel the letter from its page before then: ${dashboardLink}`
        : "To withdraw, open the receipt link you got when you signed (we do not keep it, so we cannot send it again).",
    ].join("\n"),
  };
}

/** To organizers: a letter with trustees reached its threshold, and waits for them (decision 015). */
export function awaitingTrusteesMail(
  letterTitle: string,
  { threshold, count, dashboardLink }: { threshold: number; count: number; dashboardLink: string },
) {
  return {
    kind: "letter-awaiting-trustees",
    subject: `“${letterTitle}” reached its threshold`,
    text: [
      `“${letterTitle}” reached its threshold. The signatories' names stay sealed until ${threshold} of its ${count} trustees release them; each trustee has been sent a link to do so.`,
      "",
      "Nobody can read the names before that, the organizers and whoever runs the server included. The letter keeps taking signatures meanwhile.",
      "",
      `See the letter: ${dashboardLink}`,
    ].join("\n"),
  };
}

export function nothingKeptMail(letterTitle: string, reason: "expired" | "cancelled") {
  const why = reason === "expired" ? "did not reach its threshold by its deadline" : "was cancelled by its organizers";
  return {
    kind: "letter-closed",
    subject: `“${letterTitle}” ${reason === "expired" ? "expired" : "was cancelled"} — nothing of yours remains`,
    text: [
      `“${letterTitle}” ${why}.`,
      "",
      "As promised, your sealed name, title and this contact address have been destroyed: the key that could open them is deleted, and so are the sealed records. Nobody, the organizers included, ever saw your name.",
      "",
      "This is the last email you will get about it.",
    ].join("\n"),
  };
}
