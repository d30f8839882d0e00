// A published letter's formats (PDF, CSV, JSON), made once from the stored
// snapshot and kept in PublishedArtifact: a read is one indexed row, with no
// unsealing or rendering per request.
//
// The first request for a format renders it and inserts the row. Concurrent first
// requests in one process share one rendering (in-flight map); across processes
// (several instances on PostgreSQL) each may render, the first insert wins, the
// others get a unique violation and read the winner's row, so every caller is
// answered with the same bytes and ETag. Rendering is deterministic anyway.
import { createHash } from "node:crypto";
import { db } from "~/db/client.server";
import { publicLetterUrl } from "~/domain/letters/publish-letter.server";
import { conditionalResponse } from "~/publishing/http-cache.server";
import { FORMATS, renderFormat, type ArtifactFormat } from "~/publishing/formats/registry.server";
import { PUBLIC_SLUG_PATTERN } from "~/publishing/public-slug.server";
import { publishedLetterBySlug, type PublishedSnapshot } from "~/publishing/snapshot.server";
import { isUniqueViolation } from "~/db/errors.server";

export type { ArtifactFormat } from "~/publishing/formats/registry.server";

export type Artifact = { body: Uint8Array; contentType: string; etag: string };

/** How long browsers and caches may keep a format before revalidating (then: a 304); as the public page. */
const MAX_AGE_SECONDS = 300;

function etagOf(body: Uint8Array) {
  return createHash("sha256").update(body).digest("base64url").slice(0, 32);
}

const select = { body: true, contentType: true, etag: true } as const;

async function storedArtifact(letterId: string, format: ArtifactFormat): Promise<Artifact | null> {
  return db().publishedArtifact.findFirst({ where: { letterId, format, letter: { status: "PUBLISHED" } }, select });
}

async function loadOrCreate(letterId: string, format: ArtifactFormat): Promise<Artifact | null> {
  const stored = await storedArtifact(letterId, format);
  if (stored) return stored;

  const letter = await db().letter.findUnique({
    where: { id: letterId },
    select: { status: true, publicSlug: true, publishedSnapshot: true },
  });
  if (!letter || letter.status !== "PUBLISHED" || !letter.publishedSnapshot || !letter.publicSlug) return null;
  const snapshot = JSON.parse(letter.publishedSnapshot) as PublishedSnapshot;
  const { body, contentType } = await renderFormat(format, snapshot, publicLetterUrl(letter.publicSlug));
  const artifact = { body, contentType, etag: etagOf(body) };
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

function notFound() {
  return new Response("Not found\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function dispositionFor(format: ArtifactFormat, publicSlug: string): HeadersInit {
  const safe = publicSlug.replace(/[^A-Za-z0-9._-]/g, "-");
  switch (format) {
    case "pdf":
      return { "Content-Disposition": `inline; filename="${safe}.pdf"` };
    case "csv":
      return { "Content-Disposition": `attachment; filename="${safe}-signatories.csv"` };
    default:
      return {};
  }
}

/**
 * The resource routes' answer: 404 unless the letter behind `slug` is PUBLISHED;
 * otherwise the format with its ETag, the publication day as Last-Modified, public
 * caching, and a 304 when the client already holds it.
 */
export async function formatResponse(request: Request, slug: string | undefined, format: ArtifactFormat): Promise<Response> {
  if (!slug || !PUBLIC_SLUG_PATTERN.test(slug) || !Object.hasOwn(FORMATS, format)) return notFound();
  const letter = await publishedLetterBySlug(slug);
  if (!letter) return notFound();
  const artifact = await publishedArtifact(letter.id, format);
  if (!artifact) return notFound();
  return conditionalResponse(request, {
    body: artifact.body,
    contentType: artifact.contentType,
    etag: artifact.etag,
    lastModified: letter.publishedAt,
    maxAgeSeconds: MAX_AGE_SECONDS,
    extraHeaders: dispositionFor(format, letter.publicSlug),
  });
}
