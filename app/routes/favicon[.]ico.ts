// Browsers ask for /favicon.ico on their own, e.g. for a PDF or JSON download shown
// in a tab: send them to the one icon there is, rather than a 404 in every log.
import { redirect } from "@remix-run/node";

export function loader() {
  return redirect("/favicon.svg", { status: 301, headers: { "Cache-Control": "public, max-age=86400" } });
}
