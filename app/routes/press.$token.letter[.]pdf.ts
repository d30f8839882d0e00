// /press/:token/letter.pdf — the preview as a PDF of the record as it stands,
// rendered off the event loop once per state of the letter (domain/press/preview-pdf).
// Same rules as the preview page: a link that no longer opens gets nothing, and
// after publication the public PDF takes over.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { previewPdfForReader, previewTokenParam } from "~/domain/press/preview-for-reader.server";
import { PREVIEW_HEADERS } from "~/domain/press/previews.server";
import { appBaseUrl } from "~/lib/app-url.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const token = previewTokenParam.safeParse(params.token);
  // The address printed in the PDF is the site's, never this link: a PDF gets forwarded.
  const pdf = token.success ? await previewPdfForReader(token.data, appBaseUrl()) : null;
  if (!pdf) {
    return new Response("This preview link has expired or was revoked.", {
      status: token.success ? 410 : 404,
      headers: { ...PREVIEW_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  if (pdf.kind === "published") throw redirect(pdf.redirectTo, { status: 302, headers: PREVIEW_HEADERS });
  return new Response(pdf.body, {
    headers: {
      ...PREVIEW_HEADERS,
      "Content-Type": "application/pdf",
      "Content-Disposition": 'attachment; filename="embargoed-preview.pdf"',
    },
  });
}
