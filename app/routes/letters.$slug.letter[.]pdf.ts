import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedFormat } from "~/domain/letters/published-formats.server";
import { formatResponse } from "~/publishing/artifacts.server";

// /letters/:slug/letter.pdf, once the letter is published (404 before).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return formatResponse(request, await publishedFormat(params.slug, "pdf"));
}
