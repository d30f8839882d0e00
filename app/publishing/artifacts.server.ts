// A published letter's formats (PDF, CSV, JSON) as files: rendered with their ETag,
// and answered with caching (app/domain/letters/published-formats.server.ts stores
// them and decides which letter's may be served).
import { createHash } from "node:crypto";
import { PUBLIC_MAX_AGE_SECONDS, conditionalResponse } from "~/publishing/http-cache.server";
import { renderFormat, type ArtifactFormat } from "~/publishing/formats/registry.server";
import type { AfterPublication, PublishedSnapshot } from "~/publishing/snapshot.server";

export type { ArtifactFormat } from "~/publishing/formats/registry.server";

export type Artifact = { body: Uint8Array; contentType: string; etag: string };

function etagOf(body: Uint8Array) {
  return createHash("sha256").update(body).digest("base64url").slice(0, 32);
}

/** `format` of the record published at `url`, with its ETag. */
export async function renderArtifact(format: ArtifactFormat, snapshot: PublishedSnapshot, url: string, after?: AfterPublication) {
  const { body, contentType } = await renderFormat(format, snapshot, url, after);
  return { body, contentType, etag: etagOf(body) };
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
 * The resource routes' answer: 404 when there is no published format (`found` is
 * null); otherwise the format with its ETag, the publication day as Last-Modified,
 * public caching, and a 304 when the client already holds it.
 */
export function formatResponse(
  request: Request,
  found: { format: ArtifactFormat; artifact: Artifact; publicSlug: string; publishedAt: Date } | null,
): Response {
  if (!found) return notFound();
  const { format, artifact, publicSlug, publishedAt } = found;
  return conditionalResponse(request, {
    body: artifact.body,
    contentType: artifact.contentType,
    etag: artifact.etag,
    lastModified: publishedAt,
    maxAgeSeconds: PUBLIC_MAX_AGE_SECONDS,
    extraHeaders: dispositionFor(format, publicSlug),
  });
}
