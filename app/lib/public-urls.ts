// Every address the app hands out to the public, built in one place, each segment
// encoded: the published letter, the private signing link, a press preview link,
// a signer's receipt. Paths only, so pages can use them in the browser too;
// absoluteUrl (app/lib/app-url.server.ts) puts APP_URL in front for mail, feeds
// and links to copy.

/** A published letter's public page: /letters/<public slug>. */
export function publicLetterPath(publicSlug: string) {
  return `/letters/${encodeURIComponent(publicSlug)}`;
}

/** The private link shared inside the company: /l/<secret slug>. */
export function privateLetterPath(privateSlug: string) {
  return `/l/${encodeURIComponent(privateSlug)}`;
}

/** The signing steps behind that link: /l/<secret slug>/sign. */
export function signingPath(privateSlug: string) {
  return `${privateLetterPath(privateSlug)}/sign`;
}

/** An embargoed press preview, for one journalist: /press/<token>. */
export function pressPreviewPath(token: string) {
  return `/press/${encodeURIComponent(token)}`;
}

/** A trustee's invitation, where their browser makes their key: /trustee/<token>. */
export function trusteeInvitationPath(token: string) {
  return `/trustee/${encodeURIComponent(token)}`;
}

/** A signer's receipt: /receipt/<token>. */
export function receiptPath(token: string) {
  return `/receipt/${encodeURIComponent(token)}`;
}

/**
 * Where signing ends: the new signature's receipt, saying it was just made, and
 * `again` when this browser's verification had signed already (a double click).
 */
export function newReceiptPath(token: string, { again = false } = {}) {
  return `${receiptPath(token)}?new=1${again ? "&again=1" : ""}`;
}

/** The files a published letter is offered as, beside its page. */
export type PublishedFile = "letter.pdf" | "letter.json" | "signatories.csv" | "signatories.json";

/** One of a published letter's files: /letters/<public slug>/<file>. */
export function publishedFilePath(publicSlug: string, file: PublishedFile) {
  return `${publicLetterPath(publicSlug)}/${file}`;
}

/** The embargoed preview as a PDF: /press/<token>/letter.pdf. */
export function pressPreviewPdfPath(token: string) {
  return `${pressPreviewPath(token)}/letter.pdf`;
}

/** The Atom feed of published letters. */
export const FEED_PATH = "/letters.atom";

/** The one-click unsubscribe link of an update mail (RFC 8058); the token is a bearer secret. */
export function unsubscribePath(token: string) {
  return `/unsubscribe/${encodeURIComponent(token)}`;
}

/** An update's place on the letter's public page. */
export function updateAnchor(updateId: string) {
  return `update-${updateId}`;
}
