// The published letter's downloadable formats: name (PublishedArtifact.format), the
// Content-Type served, and how each is made from a snapshot. Press previews render
// the same formats live (renderFormat) from a snapshot built on the spot.
import type { AfterPublication, PublishedSnapshot } from "~/publishing/snapshot.server";
import { signatoriesCsv } from "./csv.server";
import { letterJson, signatoriesJson } from "./json.server";
import { renderPdfOffThread } from "./pdf-thread.server";

type Format = {
  contentType: string;
  render(snapshot: PublishedSnapshot, url: string, after?: AfterPublication): Promise<Uint8Array> | Uint8Array;
};

const utf8 = (text: string) => new TextEncoder().encode(text);

export const FORMATS = {
  // On the PDF thread: the only format slow enough to stall other requests.
  pdf: { contentType: "application/pdf", render: (snapshot, url) => renderPdfOffThread(snapshot, url) },
  csv: { contentType: "text/csv; charset=utf-8; header=present", render: (snapshot) => utf8(signatoriesCsv(snapshot)) },
  "signatories.json": { contentType: "application/json; charset=utf-8", render: (snapshot) => utf8(signatoriesJson(snapshot)) },
  "letter.json": {
    contentType: "application/json; charset=utf-8",
    render: (snapshot, url, after) => utf8(letterJson(snapshot, url, after)),
  },
} satisfies Record<string, Format>;

export type ArtifactFormat = keyof typeof FORMATS;

export function isArtifactFormat(value: string): value is ArtifactFormat {
  return Object.hasOwn(FORMATS, value);
}

/** One format of a snapshot: its bytes and Content-Type. `url` is the letter's public (or preview) address. */
export async function renderFormat(format: ArtifactFormat, snapshot: PublishedSnapshot, url: string, after?: AfterPublication) {
  const { contentType, render } = FORMATS[format] as Format;
  return { contentType, body: new Uint8Array(await render(snapshot, url, after)) };
}
