import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatResponse } from "~/publishing/artifacts.server";

// /letters/:slug/signatories.json, once the letter is published (404 before).
export function loader({ request, params }: LoaderFunctionArgs) {
  return formatResponse(request, params.slug, "signatories.json");
}
