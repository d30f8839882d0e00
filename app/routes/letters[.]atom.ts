// /letters.atom: the most recently published letters, as an Atom feed
// (app/publishing/feed.server.ts writes it).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { recentlyPublishedLetters } from "~/domain/letters/publish-letter.server";
import { FEED_SIZE, feedResponse } from "~/publishing/feed.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return feedResponse(request, await recentlyPublishedLetters(FEED_SIZE));
}
