// Mail to journalists on a letter's press list. These go to press addresses the
// organizers typed in, never to signers. Plain text, so a link scanner or a text
// client shows the same thing; the embargo leads, before anything else.
import { formatDay, formatUtcMoment } from "~/lib/dates";
import { oneLine, quotedBlock } from "./user-text";

type Common = { contactName: string; letterTitle: string; organizationName: string; pressContactLine: string };

export function pressPreviewMail({
  contactName,
  letterTitle,
  organizationName,
  pressContactLine,
  previewUrl,
  embargoUntil,
  expiresAt,
}: Common & { previewUrl: string; embargoUntil: Date; expiresAt: Date }) {
  const embargo = formatUtcMoment(embargoUntil);
  return {
    kind: "press-preview",
    subject: `EMBARGOED until ${embargo}: “${letterTitle}”`,
    text: [
      `EMBARGO: NOT FOR PUBLICATION BEFORE ${embargo.toUpperCase()}.`,
      "",
      `Dear ${oneLine(contactName)},`,
      "",
      `Employees of ${organizationName} have signed an open letter, “${letterTitle}”. Its organizers are sharing it with you ahead of publication, under embargo until ${embargo}. Please do not publish or share its contents before then.`,
      "",
      "Your preview link, made for you alone (please do not forward it):",
      "",
      previewUrl,
      "",
      `It shows the full letter, the fingerprint of its text, how the signatories were verified, and the list of signatories as it stands; a signatory may still withdraw until publication. The link works until ${formatDay(expiresAt)}. Once the letter is published, it leads to the public page.`,
      "",
      ...closing(pressContactLine),
    ].join("\n"),
  };
}

/** How every press mail ends: the organizers' own contact line, quoted, and who sent it. */
function closing(pressContactLine: string) {
  return [
    "How to reach the organizers, in their words:",
    quotedBlock(pressContactLine.trim()),
    "",
    "—",
    "Sent on behalf of the letter's organizers by Undersigned. If you were not expecting this, you can ignore it.",
  ];
}

export function pressPublishedMail({
  contactName,
  letterTitle,
  organizationName,
  pressContactLine,
  publicUrl,
}: Common & { publicUrl: string }) {
  return {
    kind: "press-published",
    subject: `Published: “${letterTitle}”, an open letter from employees of ${organizationName}`,
    text: [
      `Dear ${oneLine(contactName)},`,
      "",
      `Employees of ${organizationName} have published an open letter, “${letterTitle}”. It is public now, with no embargo:`,
      "",
      publicUrl,
      "",
      "The page has the full letter, the fingerprint of its text, how the signatories were verified, and the list of signatories.",
      "",
      ...closing(pressContactLine),
    ].join("\n"),
  };
}
