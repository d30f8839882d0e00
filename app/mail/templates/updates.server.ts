// Mail after publication (decision 017). Updates go to signers' personal contact
// addresses, never to work addresses, so they may name the letter; the organizers'
// words are quoted, set apart from ours. Delivery goes to the addressee's addresses
// that the organizers typed.
import { quotedBlock } from "./user-text";

/** RFC 2369 and RFC 8058: a mail client may offer "Unsubscribe", and POST to the link with no other step. */
export function oneClickUnsubscribeHeaders(unsubscribeUrl: string) {
  return { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

export function letterUpdateMail(
  letter: { title: string; url: string },
  update: { body: string; postedOn: string },
  unsubscribeUrl: string,
) {
  return {
    kind: "letter-update",
    subject: `Update on “${letter.title}”`,
    text: [
      `The organizers of “${letter.title}” posted an update on ${update.postedOn}:`,
      "",
      quotedBlock(update.body),
      "",
      `On the letter's page: ${letter.url}`,
      "",
      "You get this because you left this address when you signed. At most one update a week, ten in all.",
      `To stop them and erase your address, open this link and press the button: ${unsubscribeUrl}`,
    ].join("\n"),
    headers: oneClickUnsubscribeHeaders(unsubscribeUrl),
  };
}

export function addresseeDeliveryMail(
  letter: { title: string; addressee: string; organizationName: string; count: number; url: string; publishedOn: string },
  letterText: string,
  attachmentRef: string,
) {
  const signed = letter.count === 1 ? "1 employee" : `${letter.count.toLocaleString("en")} employees`;
  return {
    kind: "addressee-delivery",
    subject: letter.title,
    text: [
      `To: ${letter.addressee}`,
      "",
      `An open letter signed by ${signed} of ${letter.organizationName}, published on ${letter.publishedOn}. ` +
        "The letter and every signatory are in the attached PDF; each signatory proved a work email at the organization.",
      "",
      `The public page: ${letter.url}`,
      "",
      "---",
      "",
      letterText,
    ].join("\n"),
    attach: [attachmentRef],
  };
}
