// Mail to a letter's trustees. Like the invitation to co-organize, it names
// neither the letter nor its organization, in the subject or the body: the address
// was typed by an organizer and its mailbox may be shared or watched. The link
// leads to the page that says what the letter is, and is personal: it lets its
// holder register the trustee's key.
import { quoted } from "./user-text";

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
