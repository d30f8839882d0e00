// What an embargoed preview link shows its reader (routes press.$token and
// press.$token.letter[.]pdf): the record as it stands, one page of its names, and
// whether the embargo has lifted; or its PDF. Who may open a link, until when, and
// counting the opens are openPreview's rules (previews.server.ts).
import { z } from "zod";
import { pageOfNames } from "~/domain/letters/signatory-pages";
import { recordForPage } from "~/publishing/snapshot.server";
import { previewPdf } from "./preview-pdf.server";
import { openPreview } from "./previews.server";

/** Preview tokens are "<id>.<secret>" in lower-case letters and digits; anything else leads nowhere. */
export const previewTokenParam = z.string().regex(/^[a-z0-9]{1,32}\.[a-z0-9]{1,32}$/);

/**
 * The preview page, counting the open: null when the link no longer opens (unknown,
 * expired, revoked, or its letter closed); after publication, the public page it leads to.
 */
export async function previewForReader(token: string, namesPage: number, now = new Date()) {
  const opened = await openPreview(token, now);
  if (!opened || opened.kind === "published") return opened;
  const { snapshot } = opened;
  return {
    kind: opened.kind,
    label: opened.label,
    embargoUntil: opened.embargoUntil,
    embargoLifted: opened.embargoUntil.getTime() <= now.getTime(),
    expiresAt: opened.expiresAt,
    letter: { ...recordForPage(snapshot), signatories: pageOfNames(snapshot.signatories, namesPage) },
  };
}

/**
 * The preview as a PDF, `siteUrl` printed in it (never the link: a PDF gets
 * forwarded). The visit to the preview page that offered this download was counted
 * already. After publication, the public PDF takes over.
 */
export async function previewPdfForReader(token: string, siteUrl: string, now = new Date()) {
  const opened = await openPreview(token, now, { countOpen: false });
  if (!opened) return null;
  if (opened.kind === "published") return { kind: opened.kind, redirectTo: `${opened.redirectTo}/letter.pdf` };
  return { kind: opened.kind, body: await previewPdf(opened.snapshot, siteUrl) };
}
