// The public record of a letter: exactly what publication shows. The domain gathers
// what goes in it (the letter as signed, and its names through the one unseal path:
// app/domain/letters/public-record.server.ts) and this makes the record. Final
// review and press previews make it live (the list may still change until
// publication); publishing stores it once (Letter.publishedSnapshot) and every
// public page and format is served from that stored copy, with no per-request
// unsealing or rendering.
import { startOfDayUtc } from "~/lib/dates";
import { renderLetterMarkdown } from "~/publishing/markdown.server";

export type PublishedSignatory = {
  name: string;
  title: string | null;
  publicLine: string | null;
  /** The team the signatory picked (decision 018); null for none, absent in records published before teams. */
  team?: string | null;
};

/**
 * The verified signers who asked to be named only at a higher count than the
 * letter reached (decision 019): never a name, only how many, the sentence that
 * says it, and for a letter with teams the per-team counts of these alone, as
 * suppressTeamCounts lets them be shown (null where hidden).
 */
export type UnnamedRecord = {
  count: number;
  statement: string;
  teams: { team: string | null; count: number | null }[] | null;
};

export type PublishedSnapshot = {
  version: 1;
  title: string;
  addressee: string;
  organizationName: string;
  body: string; // Markdown, as signed
  bodyHtml: string; // rendered once, safely (no raw HTML, no images)
  textHash: string;
  allowedDomains: string[];
  openedAt: string;
  revealedAt: string;
  publishedAt: string | null; // null in a preview, before publication
  signatories: PublishedSignatory[]; // sorted by name
  count: number;
  /** e.g. "412 signatories each proved a work email at microsoft.com or github.com." */
  verificationStatement: string;
  /** Decision 019: the signers left unnamed, when there are any; absent in records published before conditions. */
  unnamed?: UnnamedRecord;
};

/**
 * What changes on a published record after publication (decision 017): the
 * organizers' updates (newest first) and the day the letter reached its
 * addressee. Kept beside the snapshot, never in it: the snapshot is the list as
 * published and stays as it was.
 */
export type AfterPublication = {
  updates: { id: string; postedOn: string; body: string; bodyHtml: string }[];
  deliveredOn: string | null;
};

export const NOTHING_AFTER: AfterPublication = { updates: [], deliveredOn: null };

/** What the domain hands over: the letter as it was signed and revealed, and its signatories sorted by name. */
export type SnapshotSource = {
  title: string;
  addressee: string;
  organizationName: string;
  body: string;
  textHash: string;
  allowedDomains: string[];
  openedAt: Date;
  revealedAt: Date;
  signatories: PublishedSignatory[];
  /** The signers left unnamed (decision 019); null or absent when every signer is named. */
  unnamed?: UnnamedRecord | null;
};

export function verificationStatement(count: number, domains: string[]) {
  const list = domains.length > 1 ? `${domains.slice(0, -1).join(", ")} or ${domains.at(-1)}` : (domains[0] ?? "");
  const who = count === 1 ? "1 signatory" : `${count.toLocaleString("en")} signatories each`;
  return `${who} proved a work email at ${list}.`;
}

/** The record of `source`; `publishedAt` null for a preview or the final review. */
export function makeSnapshot(source: SnapshotSource, publishedAt: Date | null = null): PublishedSnapshot {
  const { signatories, allowedDomains } = source;
  return {
    version: 1,
    title: source.title,
    addressee: source.addressee,
    organizationName: source.organizationName,
    body: source.body,
    bodyHtml: renderLetterMarkdown(source.body),
    textHash: source.textHash,
    allowedDomains,
    // Days only: the reveal's exact time is the moment of the signature that crossed the threshold.
    openedAt: startOfDayUtc(source.openedAt).toISOString(),
    revealedAt: startOfDayUtc(source.revealedAt).toISOString(),
    publishedAt: publishedAt?.toISOString() ?? null,
    signatories,
    count: signatories.length,
    verificationStatement: verificationStatement(signatories.length, allowedDomains),
    ...(source.unnamed && source.unnamed.count > 0 ? { unnamed: source.unnamed } : {}),
  };
}

/**
 * What a page shows of a record besides its names (the public page, the press
 * preview, the final review): the letter as signed and how its signatures were
 * verified, without the Markdown source the HTML was rendered from.
 */
export function recordForPage(snapshot: PublishedSnapshot) {
  return {
    title: snapshot.title,
    addressee: snapshot.addressee,
    organizationName: snapshot.organizationName,
    bodyHtml: snapshot.bodyHtml,
    textHash: snapshot.textHash,
    verificationStatement: snapshot.verificationStatement,
    count: snapshot.count,
    unnamed: snapshot.unnamed ?? null,
  };
}
