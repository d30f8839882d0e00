// REVEALED → PUBLISHED, once: the public record (PublishedSnapshot) is rendered one
// time and stored with the letter, under a readable public slug; every public page,
// format and the feed are served from it. Afterwards the list is final: signing and
// withdrawal are both guarded on OPEN/REVEALED.
import { db, type Db, type Tx } from "~/db/client.server";
import { AppError } from "~/errors";
import { letterForOrganizer } from "~/domain/letters/access.server";
import { recordAudit } from "~/domain/letters/audit.server";
import { awaitsPublication, isPublished, isSealedAndSigning, leavingFrom, LetterStatus, letterStatus } from "~/domain/letters/lifecycle";
import { renderLetterMarkdown } from "~/publishing/markdown.server";
import { letterTextHash } from "~/domain/letters/text-hash.server";
import { countUnnamed, readContactEmails } from "~/domain/letters/unseal.server";
import { nameAtMetWhere, nameAtUnmetWhere } from "~/domain/letters/name-conditions";
import { scrubDestroyedIdentities } from "~/db/scrub-storage.server";
import { log } from "~/log.server";
import { enqueueMail } from "~/mail/outbox.server";
import { publishedMail } from "~/mail/templates/publishing.server";
import { startOfDayUtc } from "~/lib/dates";
import { pickPublicSlug } from "~/publishing/public-slug.server";
import { buildSnapshot } from "~/domain/letters/public-record.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { publicLetterPath } from "~/lib/public-urls";
import { recordForPage, type PublishedSnapshot } from "~/publishing/snapshot.server";
import { pageOfNames } from "~/domain/letters/signatory-pages";
import { isUniqueViolation } from "~/db/errors.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { stillSealed } from "~/domain/trustees/still-sealed.server";
import { queueAddresseeDelivery } from "~/domain/letters/after-publication/deliver-to-addressee.server";

function notPublishable(status: LetterStatus) {
  if (isPublished(status)) return new AppError("already-published");
  return new AppError(isSealedAndSigning(status) ? "not-revealed" : "not-publishable");
}

/** The text the record carries still hashes to the fingerprint frozen when the letter opened. */
function textUnchanged(snapshot: PublishedSnapshot) {
  return letterTextHash(snapshot) === snapshot.textHash;
}

/**
 * What the final review page shows: the record exactly as publishing would make it
 * now (the list may still change until then), or only the status when the letter
 * is not REVEALED. 404 for anyone who is not an organizer.
 */
export async function reviewForPublication(userId: string, letterId: string, namesPage = 1) {
  const letter = await letterForOrganizer(userId, letterId);
  if (!awaitsPublication(letter.status)) return { status: letter.status, publicSlug: letter.publicSlug, stillSealed: null, review: null };
  const publishedOn = startOfDayUtc(new Date());
  const snapshot = await buildSnapshot(letterId, publishedOn);
  return {
    status: letter.status,
    publicSlug: null,
    /** Signatures still in trustee envelopes: waiting for shares, or never to open (left out). */
    stillSealed: await stillSealed(letterId),
    review: {
      textUnchanged: textUnchanged(snapshot),
      publishedOn,
      // Only what the page shows: the record's public fields (no Markdown source
      // twice) and one page of names; the whole list is in the record publishing stores.
      letter: recordForPage(snapshot),
      signatories: pageOfNames(snapshot.signatories, namesPage),
    },
  };
}

/** A signer withdrew or signed between reading the list and publishing it. */
class ListChangedMeanwhile extends Error {}

const ATTEMPTS = 5;

/**
 * The signatures the unseal path would list at the letter's live count (it skips
 * rows without a sealed identity, and those whose own condition is not met:
 * decision 019), and that count.
 */
async function listedSignatures(client: Db | Tx, letterId: string) {
  const { signatureCount } = await client.letter.findUniqueOrThrow({ where: { id: letterId }, select: { signatureCount: true } });
  const rows = await client.signature.findMany({
    where: { letterId, sealedIdentity: { not: null }, identitySealing: IdentitySealing.SERVER, ...nameAtMetWhere(signatureCount) },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return { signatureCount, ids: rows.map((row) => row.id) };
}

/**
 * Decision 019: at publication, every signature and decoy receipt whose own
 * condition the final count does not meet loses its sealed identity, in the
 * publishing transaction (with any trustee shares released for it). Returns how
 * many rows were destroyed.
 */
async function destroyUnmetIdentities(tx: Tx, letterId: string, finalCount: number) {
  const unmet = { letterId, ...nameAtUnmetWhere(finalCount) };
  const ids = (await tx.signature.findMany({ where: unmet, select: { id: true } })).map((row) => row.id);
  if (ids.length > 0) await tx.trusteeShare.deleteMany({ where: { letterId, signatureId: { in: ids } } });
  const signatures = await tx.signature.updateMany({ where: unmet, data: { sealedIdentity: null } });
  const decoys = await tx.decoyReceipt.updateMany({ where: unmet, data: { sealedIdentity: null } });
  return signatures.count + decoys.count;
}

async function publishOnce(userId: string, letterId: string, deliverTo: string[]) {
  const publishedAt = new Date();
  // Building the record unseals every name: done before the transaction, which
  // then checks that the list it was built from is still the list.
  const before = await listedSignatures(db(), letterId);
  // The public record carries the day only, like every public date and Last-Modified.
  const snapshot = await buildSnapshot(letterId, startOfDayUtc(publishedAt));
  if (!textUnchanged(snapshot)) {
    throw new AppError("text-changed");
  }
  const published = await db().$transaction(async (tx) => {
    // The guarded update comes first: it takes the letter's row lock (PostgreSQL) or
    // the write lock (SQLite), which signing and withdrawal take too.
    const { count } = await tx.letter.updateMany({
      where: { id: letterId, status: { in: leavingFrom(LetterStatus.PUBLISHED) } },
      data: { status: LetterStatus.PUBLISHED, publishedAt, publishedSnapshot: JSON.stringify(snapshot) },
    });
    if (count === 0) {
      const now = await tx.letter.findUniqueOrThrow({ where: { id: letterId }, select: { status: true } });
      throw notPublishable(letterStatus(now.status));
    }
    // Signatures are ids that never come back once deleted: the same ids now as
    // before, at the same count, and as many names in the record, means the record
    // is the final list; the unnamed it counts are those unmet at that final count.
    const now = await listedSignatures(tx, letterId);
    const idsBefore = before.ids;
    const idsNow = now.ids;
    if (
      now.signatureCount !== before.signatureCount ||
      idsNow.length !== idsBefore.length ||
      idsNow.some((id, i) => id !== idsBefore[i]) ||
      snapshot.count !== idsNow.length ||
      (snapshot.unnamed?.count ?? 0) !== (await countUnnamed(tx, letterId, now.signatureCount)).count
    ) {
      throw new ListChangedMeanwhile();
    }
    const destroyed = await destroyUnmetIdentities(tx, letterId, now.signatureCount);
    // Two letters with the same title publishing at once may pick the same slug: the
    // unique index refuses the second, whose whole attempt is then retried.
    const publicSlug = await pickPublicSlug(tx, snapshot.title);
    await tx.letter.update({ where: { id: letterId }, data: { publicSlug } });
    await recordAudit(tx, letterId, "published", { actorUserId: userId });
    // Optional: the letter and its PDF to the addressee, queued with the publication (decision 017).
    if (deliverTo.length > 0) await queueAddresseeDelivery(tx, { id: letterId, publicSlug, snapshot }, userId, deliverTo);
    return { publicSlug, publishedAt, destroyed };
  });
  // The destroyed identities leave the files too, not only the rows (decision 009).
  // Best effort: the hourly scrub runs the same again.
  if (published.destroyed > 0) {
    await scrubDestroyedIdentities(db()).catch((error: unknown) => log.warn("scrubbing destroyed identities failed", { error }));
  }
  return { publicSlug: published.publicSlug, publishedAt: published.publishedAt };
}

/**
 * Publishes a revealed letter, once: concurrent or repeated calls publish it a
 * single time, the others are refused. Signers who left a contact address (and the
 * organizers) are told by the publish-notices job. `deliverTo`: the addressee's
 * addresses, when the organizer chose to send it the letter (validated by
 * addresseeEmailsField).
 */
export async function publishLetter(userId: string, letterId: string, { deliverTo = [] }: { deliverTo?: string[] } = {}) {
  const letter = await letterForOrganizer(userId, letterId);
  if (!awaitsPublication(letter.status)) throw notPublishable(letter.status);
  // Signed between one trustee's release and the k-th: published only once readable (issue 15).
  const { waiting } = await stillSealed(letterId);
  if (waiting > 0) throw new AppError("publish-still-sealed", { waiting });
  for (let attempt = 1; ; attempt++) {
    try {
      return await publishOnce(userId, letterId, deliverTo);
    } catch (error) {
      const retryable = error instanceof ListChangedMeanwhile || isUniqueViolation(error);
      if (retryable && attempt < ATTEMPTS) continue;
      if (error instanceof ListChangedMeanwhile) {
        throw new AppError("list-changed");
      }
      throw error;
    }
  }
}

/** The job: for each newly published letter, tell its organizers and the signers who left a contact address, once. */
export async function sendPublishNotices() {
  const due = await db().letter.findMany({
    where: { status: LetterStatus.PUBLISHED, publishNoticesAt: null },
    select: { id: true, title: true, publicSlug: true },
  });
  for (const letter of due) {
    await db().$transaction(async (tx) => {
      const claimed = await tx.letter.updateMany({
        where: { id: letter.id, status: LetterStatus.PUBLISHED, publishNoticesAt: null },
        data: { publishNoticesAt: new Date() },
      });
      if (claimed.count === 0) return;
      const url = absoluteUrl(publicLetterPath(letter.publicSlug!));
      const organizers = await tx.letterOrganizer.findMany({
        where: { letterId: letter.id },
        select: { user: { select: { email: true } } },
      });
      for (const { user } of organizers) {
        await enqueueMail(tx, { to: user.email, ...publishedMail(letter.title, url, "organizer") });
      }
      for (const to of new Set(await readContactEmails(tx, letter.id))) {
        await enqueueMail(tx, { to, ...publishedMail(letter.title, url, "signer") });
      }
    });
  }
  return due.length;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Rendered letter HTML as plain text: tags dropped, entities decoded, whitespace collapsed. */
export function plainTextOf(html: string) {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, code: string) => {
      if (code[0] === "#") {
        const point = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(point) && point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : " ";
      }
      return ENTITIES[code.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** The first `max` characters of a letter body (Markdown) as plain text, cut at a word, with "…" when cut. */
export function plainTextExcerpt(markdown: string, max = 200) {
  const text = plainTextOf(renderLetterMarkdown(markdown));
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * The most recently published letters, for the feed. The text is read from the
 * letter row (frozen at opening, the same words the records carry) so 50 records
 * with thousands of names each are not parsed for a summary.
 */
export async function recentlyPublishedLetters(limit = 50) {
  const letters = await db().letter.findMany({
    where: { status: LetterStatus.PUBLISHED, publicSlug: { not: null }, publishedAt: { not: null } },
    orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
    take: limit,
    select: { id: true, title: true, body: true, organizationName: true, addressee: true, publicSlug: true, publishedAt: true },
  });
  return letters.map((letter) => ({
    id: letter.id,
    title: letter.title,
    organizationName: letter.organizationName,
    addressee: letter.addressee,
    url: absoluteUrl(publicLetterPath(letter.publicSlug!)),
    publishedAt: letter.publishedAt!,
    summary: plainTextExcerpt(letter.body, 200),
  }));
}
