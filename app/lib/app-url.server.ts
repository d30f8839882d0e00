// Absolute addresses on this app, under APP_URL (for mail, feeds, printed records
// and links shown to copy), with any trailing slash of APP_URL dropped.
import { config } from "~/config/env.server";

/** APP_URL without a trailing slash: the site's own address. */
export function appBaseUrl() {
  return config().appUrl.replace(/\/+$/, "");
}

/** `path` (from app/lib/public-urls.ts, or a page's own path) as an absolute URL. */
export function absoluteUrl(path: string) {
  return `${appBaseUrl()}${path}`;
}
