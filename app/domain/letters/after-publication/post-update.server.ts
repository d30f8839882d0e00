// Organizers post dated updates on a published letter's public page (issue 16).
// Whether an update is mailed is decided once, when it is posted, by a guarded
// update of the letter's mail counters: two organizers posting at once cannot both
// pass the caps. The mail itself is queued by a job (update-mail.server.ts), so
// posting never waits for thousands of contact addresses to be opened.
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { isPublished, LetterStatus } from "~/domain/letters/lifecycle";
import { publicLetterPath } from "~/lib/public-urls";
import { renderLetterMarkdown } from "~/publishing/markdown.server";
import { forgetPage } from "~/publishing/page-cache.server";
import { nextUpdateMailing, UPDATE_MAIL_CAP, UPDATE_MAIL_GAP_MS } from "./update-rules";

/** Posts `body` (Markdown, already checked by updateSchema) as an update of a published letter. */
export async function postUpdate(userId: string, letterId: string, body: string, now = new Date()) {
  const letter = await letterForOrganizer(userId, letterId);
  if (!isPublished(letter.status) || !letter.publicSlug) throw new AppError("updates-not-published");
  const update = await db().$transaction(async (tx) => {
    // The caps, as one guarded update: it takes the letter's row lock (PostgreSQL)
    // or the write lock (SQLite), so the second of two posts sees the first's count.
    const mailing = await tx.letter.updateMany({
      where: {
        id: letterId,
        status: LetterStatus.PUBLISHED,
        updatesMailed: { lt: UPDATE_MAIL_CAP },
        OR: [{ lastUpdateMailedAt: null }, { lastUpdateMailedAt: { lte: new Date(now.getTime() - UPDATE_MAIL_GAP_MS) } }],
      },
      data: { updatesMailed: { increment: 1 }, lastUpdateMailedAt: now, recordChangedAt: now },
    });
    const mailed = mailing.count === 1;
    if (!mailed) {
      const shown = await tx.letter.updateMany({ where: { id: letterId, status: LetterStatus.PUBLISHED }, data: { recordChangedAt: now } });
      if (shown.count === 0) throw new AppError("updates-not-published");
    }
    const created = await tx.letterUpdate.create({
      data: { letterId, body, bodyHtml: renderLetterMarkdown(body), postedAt: now, postedById: userId, mailed },
      select: { id: true, mailed: true },
    });
    await recordAudit(tx, letterId, "update-posted", {
      actorUserId: userId,
      detail: mailed ? "mailed to signers who asked" : "not mailed",
    });
    return created;
  });
  forgetPage(publicLetterPath(letter.publicSlug));
  return update;
}

/** What the organizer's updates page shows: the letter's updates, newest first, and whether the next one would be mailed. */
export async function updatesForOrganizer(userId: string, letterId: string, now = new Date()) {
  const letter = await letterForOrganizer(userId, letterId);
  const updates = await db().letterUpdate.findMany({
    where: { letterId },
    orderBy: [{ postedAt: "desc" }, { id: "asc" }],
    select: { id: true, bodyHtml: true, postedAt: true, mailed: true, mailQueuedAt: true },
  });
  return {
    letter: {
      id: letter.id,
      title: letter.title,
      addressee: letter.addressee,
      status: letter.status,
      publicPath: letter.publicSlug && isPublished(letter.status) ? publicLetterPath(letter.publicSlug) : null,
    },
    updates,
    nextMailing: nextUpdateMailing(letter, now),
    mailedSoFar: letter.updatesMailed,
    delivery: { queuedAt: letter.deliveryQueuedAt, status: letter.deliveryStatus, deliveredAt: letter.deliveredAt },
  };
}
