// Mail to a letter's trustees. Like the invitation to co-organize, it names
// neither the letter nor its organization, in the subject or the body: the address
// was typed by an organizer and its mailbox may be shared or watched. The link
// leads to the page that says what the letter is, and is personal: it lets its
// holder register the trustee's key.
import { oneLine, quotedBlock, quoted } from "./user-text";

export function trusteeInvitationMail({ inviterName, description, link }: { inviterName: string; description: string; link: string }) {
  return {
    kind: "trustee-invitation",
    subject: "You are asked to be a trustee on Undersigned",
    text: [
      "You are asked to be a trustee of an open letter on Undersigned.",
      "",
      // Both are what an organizer typed: labelled and quoted, never our words.
      `Asked by: ${quoted(inviterName)} (the name they gave, not checked by Undersigned)`,
      `You are described as: ${quoted(description)}`,
      "",
      "The names of the people who sign the letter stay sealed until enough of them have signed. Its trustees make sure nobody can unseal them earlier, not even whoever runs the server: when the time comes, a set number of trustees must each use their own key.",
      "",
      "To see the letter and accept, open this link on a computer you trust. Your browser creates your key there; you keep it as a file protected by a passphrase you choose:",
      "",
      link,
      "",
      "This link is personal: do not forward it. If you do not know who asked, or do not want to be a trustee, ignore this email and tell whoever asked you.",
    ].join("\n"),
  };
}

/**
 * The letter a trustee guards reached its threshold: they are needed now. Names
 * nothing, like the invitation. The link is new (decision 015: links are stored
 * only as a hash, so the invitation's cannot be sent again), and says so.
 */
export function trusteesCalledMail({
  description,
  link,
  threshold,
  count,
}: {
  description: string;
  link: string;
  threshold: number;
  count: number;
}) {
  return {
    kind: "trustee-called",
    subject: "A letter you are a trustee of reached its threshold",
    text: [
      "An open letter on Undersigned that you agreed to be a trustee of has reached its threshold: enough people signed.",
      "",
      `You are described as: ${quoted(description)}`,
      "",
      `The signers' names stay sealed until ${threshold} of its ${count} trustees release them. Each trustee opens their part with their own key; nobody else can, not even whoever runs the server.`,
      "",
      "When you are ready, open this link on a computer you trust, with your key file and its passphrase. The page shows the letter, how many signed, and what releasing means, before you decide:",
      "",
      link,
      "",
      "This link replaces the one in your invitation, which no longer works. It is personal: do not forward it. If something looks wrong to you (the count, the letter), you can refuse on that page.",
    ].join("\n"),
  };
}

/**
 * To the organizers: a trustee refused to release their shares. The reason, if
 * given, is the trustee's own words, quoted; it is kept nowhere else.
 */
export function trusteeRefusedMail(o: {
  letterTitle: string;
  description: string;
  reason: string | null;
  canStillReveal: boolean;
  dashboardLink: string;
}) {
  return {
    kind: "trustee-refused",
    subject: `A trustee refused to release the names of “${oneLine(o.letterTitle)}”`,
    text: [
      `A trustee of “${oneLine(o.letterTitle)}” refused to release their shares of the sealed names.`,
      "",
      `The trustee, as you described them: ${quoted(o.description)}`,
      ...(o.reason ? ["Their reason, in their words:", quotedBlock(o.reason)] : ["They gave no reason."]),
      "",
      o.canStillReveal
        ? "Enough other trustees can still release for the names to be unsealed."
        : "Too few trustees are left who could release: the names can no longer be unsealed. You can cancel the letter, which destroys every sealed name.",
      "",
      `See the letter: ${o.dashboardLink}`,
    ].join("\n"),
  };
}

/** To each trustee, when the letter is closed: nothing is left to unseal, their key file is useless. */
export function trusteeKeyUselessMail(reason: "expired" | "cancelled") {
  return {
    kind: "trustee-letter-closed",
    subject: "A letter you were a trustee of is closed — your key file can be deleted",
    text: [
      `A letter you were a trustee of on Undersigned ${reason === "expired" ? "did not reach its threshold by its deadline" : "was cancelled by its organizers"}.`,
      "",
      "Every sealed name of its signers, and every share held for you, has been destroyed. Your key file for it is now useless: you can delete it, and forget its passphrase.",
      "",
      "This is the last email you will get about it.",
    ].join("\n"),
  };
}
