// Embargoed press previews: a link "/press/<id>.<secret>" that shows a revealed
// letter, as it stands, to one named journalist before publication. Only the
// secret's SHA-256 is stored; the link itself is shown to the organizer once.
// Opens are counted, and nothing else about the reader is kept.
import { newToken, parseToken, secretMatches } from "~/crypto/tokens.server";
import { db, type Tx } from "~/db/client.server";
import { AppError, NotFoundError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { awaitsPublication, isPublished, LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { buildSnapshot } from "~/domain/letters/public-record.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { pressPreviewPath, publicLetterPath } from "~/lib/public-urls";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { DAY_MS } from "~/lib/dates";
import { MAX_PREVIEW_DAYS, MIN_PREVIEW_DAYS } from "./embargo";

export type PreviewInput = { label: string; embargoUntil: Date; expiresInDays: number };

/**
 * Every answer behind a preview link: no cache or index keeps it. (No Referer leaves
 * it: server/web.js sends Referrer-Policy: no-referrer on every response, once.)
 */
export const PREVIEW_HEADERS = {
  "X-Robots-Tag": "noindex",
  "Cache-Control": "no-store",
} as const;

const notFound = () => new NotFoundError();

/** Why a letter in this status cannot get a preview; null when it can (REVEALED). */
export function previewRefusal(status: LetterStatus): AppError | null {
  switch (status) {
    case LetterStatus.REVEALED:
      return null;
    case LetterStatus.PUBLISHED:
      return new AppError("already-public");
    case LetterStatus.DRAFT:
    case LetterStatus.OPEN:
    case LetterStatus.COOLING_OFF:
    case LetterStatus.AWAITING_TRUSTEES:
      return new AppError("preview-not-ready");
    case LetterStatus.EXPIRED:
    case LetterStatus.CANCELLED:
      return new AppError("preview-closed");
  }
}

/** Rules the form's shape cannot express; the fields named are the forms' own. */
export function checkPreviewTerms({ embargoUntil, expiresInDays }: Omit<PreviewInput, "label">, now = new Date()) {
  if (!(embargoUntil.getTime() > now.getTime())) {
    throw new AppError("embargo-past");
  }
  if (embargoUntil.getTime() > now.getTime() + 366 * DAY_MS) {
    throw new AppError("embargo-far");
  }
  if (!Number.isInteger(expiresInDays) || expiresInDays < MIN_PREVIEW_DAYS || expiresInDays > MAX_PREVIEW_DAYS) {
    throw new AppError("preview-expiry", { maxDays: MAX_PREVIEW_DAYS });
  }
}

/** The letter's status read inside the transaction, refused unless it is REVEALED. */
export async function requireRevealed(tx: Tx, letterId: string) {
  const { status } = await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { status: true } });
  const refusal = previewRefusal(letterStatus(status));
  if (refusal) throw refusal;
}

/** Writes one preview row in the caller's transaction; the token exists only in the return value. */
export async function insertPreview(
  tx: Tx,
  { letterId, createdById, label, embargoUntil, expiresInDays }: PreviewInput & { letterId: string; createdById: string },
  now = new Date(),
) {
  const { id, token, secretHash } = newToken();
  const expiresAt = new Date(now.getTime() + expiresInDays * DAY_MS);
  await tx.pressPreview.create({ data: { id, secretHash, letterId, label, embargoUntil, expiresAt, createdById } });
  return { id, token, expiresAt };
}

/** A new preview link for a REVEALED letter. The token is returned here once and never again. */
export async function createPreview(userId: string, letterId: string, input: PreviewInput, now = new Date()) {
  const letter = await letterForOrganizer(userId, letterId);
  const refusal = previewRefusal(letter.status);
  if (refusal) throw refusal;
  const label = input.label.trim();
  if (!label) throw new AppError("preview-label");
  checkPreviewTerms(input, now);
  return db().$transaction(async (tx) => {
    await requireRevealed(tx, letterId);
    const created = await insertPreview(tx, { ...input, label, letterId, createdById: userId }, now);
    await recordAudit(tx, letterId, "preview-created", { actorUserId: userId, detail: label });
    const path = pressPreviewPath(created.token);
    return { ...created, path, url: absoluteUrl(path), label, embargoUntil: input.embargoUntil };
  });
}

/** Stops a preview link at once. Revoking twice is not an error. */
export async function revokePreview(userId: string, previewId: string, now = new Date()) {
  return db().$transaction(async (tx) => {
    const preview = await tx.pressPreview.findFirst({
      where: { id: previewId, letter: { organizers: { some: { userId } } } },
      select: { id: true, letterId: true, label: true },
    });
    if (!preview) throw notFound();
    const { count } = await tx.pressPreview.updateMany({ where: { id: preview.id, revokedAt: null }, data: { revokedAt: now } });
    if (count > 0) await recordAudit(tx, preview.letterId, "preview-revoked", { actorUserId: userId, detail: preview.label });
    return { letterId: preview.letterId, revoked: count > 0 };
  });
}

export type PreviewState = "active" | "expired" | "revoked";

/** The letter's previews for its organizers: never the link (it is not stored). */
export async function listPreviews(userId: string, letterId: string, now = new Date()) {
  await letterForOrganizer(userId, letterId);
  const rows = await db().pressPreview.findMany({
    where: { letterId },
    orderBy: { createdAt: "desc" },
    select: { id: true, label: true, embargoUntil: true, expiresAt: true, revokedAt: true, openCount: true, createdAt: true },
  });
  return rows.map((row) => ({
    ...row,
    state: (row.revokedAt ? "revoked" : row.expiresAt.getTime() <= now.getTime() ? "expired" : "active") as PreviewState,
  }));
}

export type OpenedPreview =
  | { kind: "published"; redirectTo: string }
  | { kind: "preview"; snapshot: PublishedSnapshot; label: string; embargoUntil: Date; expiresAt: Date };

/**
 * What a preview link shows, counting the open. Null for a link that is unknown,
 * wrong, expired or revoked, or whose letter is no longer revealed or published.
 * After publication the link leads to the public page. Downloads from the preview
 * page pass `countOpen: false`: the visit that led to them was counted already.
 */
export async function openPreview(token: string, now = new Date(), { countOpen = true } = {}): Promise<OpenedPreview | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const preview = await db().pressPreview.findUnique({
    where: { id: parsed.id },
    include: { letter: { select: { status: true, publicSlug: true } } },
  });
  if (!preview || !secretMatches(parsed.secret, preview.secretHash)) return null;
  if (preview.revokedAt || preview.expiresAt.getTime() <= now.getTime()) return null;
  const status = letterStatus(preview.letter.status);
  const { publicSlug } = preview.letter;
  if (!awaitsPublication(status) && !(isPublished(status) && publicSlug)) return null;
  if (countOpen) {
    // Guarded like the checks above: a revocation landing in between wins.
    const counted = await db().pressPreview.updateMany({
      where: { id: preview.id, revokedAt: null, expiresAt: { gt: now } },
      data: { openCount: { increment: 1 } },
    });
    if (counted.count === 0) return null;
  }
  if (isPublished(status)) return { kind: "published", redirectTo: publicLetterPath(publicSlug!) };
  return {
    kind: "preview",
    snapshot: await buildSnapshot(preview.letterId),
    label: preview.label,
    embargoUntil: preview.embargoUntil,
    expiresAt: preview.expiresAt,
  };
}
