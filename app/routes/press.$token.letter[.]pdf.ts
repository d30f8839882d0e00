// /press/:token/letter.pdf — the preview as a PDF of the record as it stands,
// rendered off the event loop once per state of the letter (domain/press/preview-pdf).
// Same rules as the preview page: a link that no longer opens gets nothing, and
// after publication the public PDF takes over.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { PREVIEW_HEADERS, openPreview } from "~/domain/press/previews.server";
import { previewPdf } from "~/domain/press/preview-pdf.server";
import { appBaseUrl } from "~/lib/app-url.server";

const tokenParam = z.string().regex(/^[a-z0-9]{1,32}\.[a-z0-9]{1,32}$/);

export async function loader({ params }: LoaderFunctionArgs) {
  const token = tokenParam.safeParse(params.token);
  // The visit to the preview page that offered this download was counted already.
  const opened = token.success ? await openPreview(token.data, new Date(), { countOpen: false }) : null;
  if (!opened) {
    return new Response("This preview link has expired or was revoked.", {
      status: token.success ? 410 : 404,
      headers: { ...PREVIEW_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  if (opened.kind === "published") throw redirect(`${opened.redirectTo}/letter.pdf`, { status: 302, headers: PREVIEW_HEADERS });
  // The address printed in the PDF is the site's, never this link: a PDF gets forwarded.
  const body = await previewPdf(opened.snapshot, appBaseUrl());
  return new Response(body, {
    headers: { ...PREVIEW_HEADERS, "Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="embargoed-preview.pdf"' },
  });
}
