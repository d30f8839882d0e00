// The press preview's PDF, rendered once per state of the letter and reused.
//
// Published letters keep their formats in the database (PublishedArtifact), since
// their names are public. A preview shows a REVEALED letter's names before
// publication: written to the database, the PDF would put every unsealed name on
// the disk in plain text, which sealing exists to prevent (an employer that seizes
// the disk must read no signer). So it is kept in this process's memory only,
// keyed by a digest of what it shows: a new signature or withdrawal changes the
// snapshot, and so the key, and the next download renders afresh (decision 011).
import { createHash } from "node:crypto";
import { renderFormat } from "~/publishing/formats/registry.server";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";

/** A few long letters' PDFs; the least recently used go first. */
const MAX_BYTES = 32 * 2 ** 20;
const kept = new Map<string, Uint8Array<ArrayBuffer>>();
const inFlight = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
let keptBytes = 0;

function keyOf(snapshot: PublishedSnapshot, url: string) {
  return createHash("sha256").update(url).update("\u0000").update(JSON.stringify(snapshot)).digest("base64url");
}

function keep(key: string, body: Uint8Array<ArrayBuffer>) {
  if (body.length > MAX_BYTES / 4) return;
  kept.set(key, body);
  keptBytes += body.length;
  for (const [oldest, old] of kept) {
    if (keptBytes <= MAX_BYTES) break;
    kept.delete(oldest);
    keptBytes -= old.length;
  }
}

/** The preview PDF for this snapshot: kept, being rendered (shared), or rendered now on the PDF thread. */
export function previewPdf(snapshot: PublishedSnapshot, url: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = keyOf(snapshot, url);
  const body = kept.get(key);
  if (body) {
    // Most recently used last.
    kept.delete(key);
    kept.set(key, body);
    return Promise.resolve(body);
  }
  let pending = inFlight.get(key);
  if (!pending) {
    pending = renderFormat("pdf", snapshot, url)
      .then(({ body: rendered }) => (keep(key, rendered), rendered))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}
