// Mail about co-organizing, sent to a personal login address. It never names the
// letter or quotes its text: the mailbox may be watched (shared, or read by the
// employer if someone types a work address), and the invitee sees the letter only
// once signed in and accepted. It reads the same whether or not the address has an
// account, so the mail itself tells nobody which addresses are registered.
import { absoluteUrl } from "~/lib/app-url.server";
import { quoted } from "./user-text";
import { INVITATIONS_PATH } from "~/lib/organizer-paths";

export function organizerInvitationMail(inviterName: string) {
  const link = absoluteUrl(INVITATIONS_PATH);
  return {
    kind: "organizer-invitation",
    subject: "An invitation to co-organize a letter on Undersigned",
    text: [
      "You are invited to co-organize a letter on Undersigned.",
      "",
      // The name is whatever the inviter typed for themselves: labelled and quoted, never ours.
      `Invited by: ${quoted(inviterName)} (the name they gave, not checked by Undersigned)`,
      "",
      `Sign in (or create an account with this address) to accept: ${link}`,
      "",
      "You see the letter once you accept. If you do not know who this is, ignore this email: nothing happens unless you accept.",
    ].join("\n"),
  };
}
