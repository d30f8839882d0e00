// A published letter's formats (PDF, CSV, JSON), made once from the stored
// snapshot and kept in PublishedArtifact: a read is one indexed row, with no
// unsealing or rendering per request. Publishing renders them
// (app/publishing/artifacts.server.ts); this decides what may be served: only a
// PUBLISHED letter's.
//
// The first request for a format renders it and inserts the row. Concurrent first
// requests in one process share one rendering (in-flight map); across processes
// (several instances on PostgreSQL) each may render, the first insert wins, the
// others get a unique violation and read the winner's row, so every caller is
// answered with the same bytes and ETag. Rendering is deterministic anyway.
import { db } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors.server";
import { LetterStatus, isPublished, letterStatus } from "~/domain/letters/lifecycle";
import { publishedLetterBySlug } from "~/domain/letters/public-record.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { publicLetterPath } from "~/lib/public-urls";
import { type Artifact, type ArtifactFormat, renderArtifact } from "~/publishing/artifacts.server";
import { isArtifactFormat } from "~/publishing/formats/registry.server";
import { PUBLIC_SLUG_PATTERN } from "~/publishing/public-slug.server";
import { afterPublication } from "~/domain/letters/after-publication/public-updates.server";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";

const select = { body: true, contentType: true, etag: true } as const;

async function storedArtifact(letterId: string, format: ArtifactFormat): Promise<Artifact | null> {
  return db().publishedArtifact.findFirst({ where: { letterId, format, letter: { status: LetterStatus.PUBLISHED } }, select });
}

async function loadOrCreate(letterId: string, format: ArtifactFormat): Promise<Artifact | null> {
  const stored = await storedArtifact(letterId, format);
  if (stored) return stored;

  const letter = await db().letter.findUnique({
    where: { id: letterId },
    select: { status: true, publicSlug: true, publishedSnapshot: true },
  });
  if (!letter || !isPublished(letterStatus(letter.status)) || !letter.publishedSnapshot || !letter.publicSlug) return null;
  const snapshot = JSON.parse(letter.publishedSnapshot) as PublishedSnapshot;
  const artifact = await renderArtifact(format, snapshot, absoluteUrl(publicLetterPath(letter.publicSlug)));
  try {
    await db().publishedArtifact.create({ data: { letterId, format, ...artifact } });
    return artifact;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another instance stored it first: answer with its copy.
    return storedArtifact(letterId, format);
  }
}

const inFlight = new Map<string, Promise<Artifact | null>>();

/**
 * A PUBLISHED letter's `format`: stored, or rendered from its publishedSnapshot and
 * stored on first request. null when the letter does not exist or is not published.
 */
export function publishedArtifact(letterId: string, format: ArtifactFormat): Promise<Artifact | null> {
  const key = `${letterId}\u0000${format}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = loadOrCreate(letterId, format).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

export type PublishedFormat = { format: ArtifactFormat; artifact: Artifact; publicSlug: string; publishedAt: Date };

/**
 * The whole record as JSON carries the updates and the delivery (decision 017), so
 * it is made on each request (it holds no names: small and quick) rather than
 * stored; dated by the latest change, so conditional requests see an update.
 */
async function liveLetterJson(letter: NonNullable<Awaited<ReturnType<typeof publishedLetterBySlug>>>): Promise<PublishedFormat> {
  const url = absoluteUrl(publicLetterPath(letter.publicSlug));
  const artifact = await renderArtifact("letter.json", letter.snapshot, url, await afterPublication(letter.id));
  const changed = letter.recordChangedAt && letter.recordChangedAt > letter.publishedAt ? letter.recordChangedAt : letter.publishedAt;
  return { format: "letter.json", artifact, publicSlug: letter.publicSlug, publishedAt: changed };
}

/** The format of the letter published under `slug`; null unless the slug, the format and a PUBLISHED letter all exist. */
export async function publishedFormat(slug: string | undefined, format: ArtifactFormat): Promise<PublishedFormat | null> {
  if (!slug || !PUBLIC_SLUG_PATTERN.test(slug) || !isArtifactFormat(format)) return null;
  const letter = await publishedLetterBySlug(slug);
  if (!letter) return null;
  if (format === "letter.json") return liveLetterJson(letter);
  const artifact = await publishedArtifact(letter.id, format);
  if (!artifact) return null;
  return { format, artifact, publicSlug: letter.publicSlug, publishedAt: letter.publishedAt };
}
