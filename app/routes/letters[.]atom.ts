// /letters.atom: the most recently published letters and updates on them, as an Atom feed
// (app/publishing/feed.server.ts writes it).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedEntries } from "~/domain/letters/after-publication/feed-entries.server";
import { FEED_SIZE, feedResponse } from "~/publishing/feed.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return feedResponse(request, await feedEntries(FEED_SIZE));
}
