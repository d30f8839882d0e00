// What pages show of a letter. Before the reveal: the batched count (never 1–4),
// the listed pseudonymous lines in an order unrelated to signing time, no times.
import { config } from "~/config/env.server";
import { db } from "~/db/client.server";
import { NotFoundError } from "~/errors";
import { renderLetterMarkdown } from "~/publishing/markdown.server";
import { privatePath, privateSlugHash } from "~/domain/letters/private-link.server";
import { readRevealedSignatories } from "~/domain/letters/unseal.server";
import {
  acceptsSignatures,
  awaitsTrustees,
  isSealedAndSigning,
  LetterStatus,
  namesVisible,
  shownStatus,
  withLetterStatus,
} from "~/domain/letters/lifecycle";
import { SMALL_COUNT } from "~/domain/letters/counts";
import { pageOfNames } from "~/domain/letters/signatory-pages";
import { domainsOf } from "~/domain/letters/work-email.server";
import { teamList } from "~/domain/letters/team-rules";
import { shownTeamCounts } from "~/domain/letters/team-counts.server";
import { expiredIfPastDeadline } from "./close-letter.server";
import { settledCoolingOff } from "./cooling-off.server";
import { currentPublicLines, LISTED_LINES_MAX } from "./count-batches.server";
import { signingStore } from "./signing-store/index.server";
import { auditTrail, readAuditEvents } from "./audit-trail.server";
import { absoluteUrl } from "~/lib/app-url.server";
import { signingPath } from "~/lib/public-urls";
import { durationInWords } from "~/lib/lifetimes";
import { releaseProgress } from "~/domain/trustees/release-progress.server";

type LetterRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["letter"]["findUnique"]>>>;
type Letter = Omit<LetterRow, "status"> & { status: LetterStatus };

/**
 * Past the reveal, the real count. Before it, the count as of the last batch, and
 * 0 below SMALL_COUNT: pages say "fewer than 5", and the exact 1–4 never leaves
 * the server (not even in page data).
 */
function shownCount(letter: Pick<Letter, "status" | "signatureCount" | "batchedCount">) {
  if (namesVisible(letter.status)) return letter.signatureCount;
  if (!isSealedAndSigning(letter.status)) return 0;
  return letter.batchedCount < SMALL_COUNT ? 0 : letter.batchedCount;
}

/** How often the count moves, in words ("once an hour", "every 15 minutes"): the configured batch (decision 004). */
function countBatch() {
  const words = durationInWords(config().COUNT_BATCH_MINUTES * 60_000);
  if (words === "one hour") return "once an hour";
  if (words === "one minute") return "once a minute";
  return `every ${words}`;
}

/**
 * The status and cooling-off end a page shows: from the last count batch while the
 * names are sealed (shownStatus, decision 020), so no page tells the crossing, or a
 * fall back below the threshold, sooner than the count. The end is on the hour.
 */
function shownPhase(letter: Pick<Letter, "status" | "batchedCoolingOffEndsAt">) {
  const status = shownStatus(letter);
  const coolingOffEndsAt = status === LetterStatus.COOLING_OFF ? letter.batchedCoolingOffEndsAt!.toISOString() : null;
  return { status, coolingOffEndsAt };
}

function letterFields(letter: Letter) {
  return {
    id: letter.id,
    ...shownPhase(letter),
    title: letter.title,
    addressee: letter.addressee,
    bodyHtml: renderLetterMarkdown(letter.body),
    organizationName: letter.organizationName,
    allowedDomains: domainsOf(letter),
    threshold: letter.threshold,
    deadline: letter.deadline.toISOString(),
    noteToSigners: letter.noteToSigners,
    textHash: letter.textHash,
    teams: teamList(letter.teams),
  };
}

// Private slugs are lower-case base32; anything else leads nowhere, without a query.
const privateSlugShape = /^[a-z0-9]{1,64}$/;
const isPrivateSlug = (slug: string | undefined): slug is string => slug !== undefined && privateSlugShape.test(slug);

/** The letter behind a private link, for signers; null when the link leads nowhere. */
export async function viewLetterBySlug(slug: string | undefined) {
  if (!isPrivateSlug(slug)) return null;
  const found = await db().letter.findUnique({ where: { privateSlugHash: privateSlugHash(slug) } });
  if (!found) return null;
  const letter = withLetterStatus(await settledCoolingOff(await expiredIfPastDeadline(found)));
  return {
    ...letterFields(letter),
    count: shownCount(letter),
    countBatch: countBatch(),
    teamCounts: await shownTeamCounts(db(), letter),
    publicLines: await shownLines(letter),
    signPath: signingPath(slug),
  };
}

/**
 * An open letter shows the lines its last batch listed, and none below SMALL_COUNT:
 * not live rows, which would count 1–4 and show a withdrawal at once. Past the
 * threshold every line is listed by the status alone (the reveal rewrites no rows);
 * decoy receipts' lines too while signatures are taken (decision 010).
 */
async function shownLines(letter: Pick<Letter, "id" | "status" | "batchedCount" | "listedLines">): Promise<string[]> {
  switch (letter.status) {
    case LetterStatus.OPEN:
    case LetterStatus.COOLING_OFF:
    case LetterStatus.AWAITING_TRUSTEES:
      return letter.batchedCount >= SMALL_COUNT && letter.listedLines ? (JSON.parse(letter.listedLines) as string[]) : [];
    case LetterStatus.REVEALED:
      return currentPublicLines(db(), letter.id);
    case LetterStatus.PUBLISHED: {
      const rows = await db().signature.findMany({
        where: { letterId: letter.id, publicLine: { not: null } },
        orderBy: { orderKey: "asc" },
        select: { publicLine: true },
        take: LISTED_LINES_MAX,
      });
      return rows.map((row) => row.publicLine!);
    }
    case LetterStatus.DRAFT:
    case LetterStatus.EXPIRED:
    case LetterStatus.CANCELLED:
      return [];
  }
}

/**
 * Just enough of the letter behind a private link for the signing steps (status,
 * domains, title): no rendered text and no public lines, which every signer's
 * three form posts would otherwise load again. Null when the link leads nowhere.
 */
export async function findLetterToSign(slug: string) {
  if (!isPrivateSlug(slug)) return null;
  // Read on every step of every signer: through the signing store (plain SQL on SQLite, decision 008).
  const found = await (await signingStore()).findLetterBySlugHash(privateSlugHash(slug));
  if (!found) return null;
  const letter = withLetterStatus(await settledCoolingOff(await expiredIfPastDeadline(found)));
  const { id, deadline, title, organizationName, threshold } = letter;
  const { status, coolingOffEndsAt } = shownPhase(letter);
  // The count as every signer page shows it (batched, never 1–4): the exact one stays here.
  // hasTrustees: whether to look for trustees at all, so a letter without them costs no extra read (decision 015).
  return {
    id,
    status,
    coolingOffEndsAt,
    deadline,
    title,
    organizationName,
    threshold,
    allowedDomains: domainsOf(letter),
    teams: teamList(letter.teams),
    count: shownCount(letter),
    countBatch: countBatch(),
    hasTrustees: found.trusteeThreshold !== null,
  };
}

/** An organizer's letter, expired first if its deadline has passed; 404 for anyone else. */
async function organizerLetter(userId: string, letterId: string) {
  const found = await db().letter.findFirst({ where: { id: letterId, organizers: { some: { userId } } } });
  if (!found) throw new NotFoundError();
  return withLetterStatus(await settledCoolingOff(await expiredIfPastDeadline(found)));
}

/**
 * The letter as every organizer page under /my/letters/<id> needs it (the edit form,
 * page titles): its fields and Markdown source, never a name, the count or the trail.
 */
export async function viewOrganizerLetter(userId: string, letterId: string) {
  const letter = await organizerLetter(userId, letterId);
  const { id, title, addressee, body, organizationName, threshold, noteToSigners, coolingOffHours } = letter;
  return {
    id,
    ...shownPhase(letter),
    title,
    addressee,
    body,
    organizationName,
    allowedDomains: domainsOf(letter),
    threshold,
    deadline: letter.deadline.toISOString(),
    noteToSigners,
    teams: teamList(letter.teams),
    coolingOffHours,
  };
}

/**
 * The organizer's dashboard: names only past the threshold, through the one
 * unseal path, one page of them at a time. Only the dashboard asks for this view;
 * the pages nested under it (review, press, organizers, edit) read
 * viewOrganizerLetter, which unseals nothing.
 */
export async function viewDashboard(userId: string, letterId: string, { namesPage = 1 } = {}) {
  const letter = await organizerLetter(userId, letterId);
  const audit = await readAuditEvents(letterId);
  return {
    ...letterFields(letter),
    body: letter.body,
    coolingOffHours: letter.coolingOffHours,
    count: shownCount(letter),
    countBatch: countBatch(),
    teamCounts: await shownTeamCounts(db(), letter),
    // While the letter takes signatures: a revealed one does, until it is published.
    shareUrl: acceptsSignatures(letter.status) ? absoluteUrl(privatePath(letter.id)) : null,
    ...(await dashboardNames(letter, namesPage)),
    // Past the threshold of a letter with trustees: who released, who refused, what is still sealed.
    trusteeRelease: awaitsTrustees(letter.status) || namesVisible(letter.status) ? await releaseProgress(letter.id) : null,
    audit,
    // The trail as the page shows it (signature lines only once their day is over).
    trail: auditTrail(audit),
  };
}

/** Past the threshold: one page of the names readable now, and how many signers asked to be named only at a higher count (decision 019). */
async function dashboardNames(letter: { id: string; status: LetterStatus }, namesPage: number) {
  if (!namesVisible(letter.status)) return { signatories: null, unnamedCount: 0 };
  const { signatories, unnamed } = await readRevealedSignatories(letter.id);
  return {
    signatories: pageOfNames(
      signatories.map(({ name, title, publicLine }) => ({ name, title, publicLine })),
      namesPage,
    ),
    unnamedCount: unnamed.count,
  };
}

export async function listMyLetters(userId: string) {
  const letters = await db().letter.findMany({
    where: { organizers: { some: { userId } } },
    orderBy: { createdAt: "desc" },
    select: { id: true, title: true, status: true, deadline: true, threshold: true, batchedCoolingOffEndsAt: true },
  });
  return letters.map(({ batchedCoolingOffEndsAt, ...l }) => {
    const letter = withLetterStatus(l);
    return { ...letter, status: shownStatus({ ...letter, batchedCoolingOffEndsAt }), deadline: l.deadline.toISOString() };
  });
}
