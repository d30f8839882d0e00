import { newWrappedDataKey } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { deadlineProblem } from "~/domain/letters/draft-rules";
import { privateSlug, privateSlugHash } from "~/domain/letters/private-link.server";
import { letterTextHash } from "~/domain/letters/text-hash.server";
import { hasOpened, isEditable, LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { assertTrusteesReady } from "~/domain/trustees/trustees-ready.server";

export function notADraft(status: LetterStatus) {
  return hasOpened(status) ? new AppError("already-open") : new AppError("closed-not-editable");
}

/**
 * DRAFT → OPEN: freezes the text (its SHA-256 is what signers sign), creates the
 * letter's data key (unless its trustees made it while drafting: decision 015) and
 * its private link. Needs a verified organizer, and trustees ready if it has any.
 */
export async function openLetter(user: { id: string; emailVerifiedAt: Date | null }, letterId: string) {
  if (!user.emailVerifiedAt) throw new AppError("unverified-opener");
  const letter = await letterForOrganizer(user.id, letterId);
  if (!isEditable(letter.status)) throw notADraft(letter.status);
  const problem = deadlineProblem(letter.deadline);
  if (problem) throw new AppError("deadline-before-opening", { problem });
  await db().$transaction(async (tx) => {
    // The text in the `where` is the text hashed: an edit landing in between makes
    // this update miss instead of freezing a fingerprint of other words.
    const { count } = await tx.letter.updateMany({
      where: {
        id: letterId,
        // From a draft only (a letter cooling off moves back to OPEN too: decision 020).
        status: LetterStatus.DRAFT,
        title: letter.title,
        addressee: letter.addressee,
        body: letter.body,
      },
      data: {
        status: LetterStatus.OPEN,
        openedAt: new Date(),
        textHash: letterTextHash(letter),
        privateSlugHash: privateSlugHash(privateSlug(letterId)),
        countBatchAt: new Date(),
      },
    });
    if (count === 0) {
      const now = letterStatus((await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { status: true } })).status);
      throw isEditable(now) ? new AppError("edited-meanwhile") : notADraft(now);
    }
    // Checked after the update has taken the letter's row: trustee changes take it
    // first too, so none lands between this check and the commit. Throwing undoes the opening.
    await assertTrusteesReady(tx, letterId);
    // A draft with trustees already has its key (their addresses are sealed under it): keep it.
    await tx.letter.updateMany({ where: { id: letterId, wrappedDataKey: null }, data: { wrappedDataKey: newWrappedDataKey(letterId) } });
    await recordAudit(tx, letterId, "opened", { actorUserId: user.id });
  });
}
