// The letter and its signatory list as JSON, for anyone who wants to check or
// reuse the record. Only what the public page shows: no contact data (the snapshot
// holds none) and dates to the DAY only ("2026-11-28"): the second a letter reached
// its threshold would say when its last signature arrived, and the second it was
// published when an organizer pressed the button; the page shows days too.
import { type AfterPublication, NOTHING_AFTER, type PublishedSnapshot } from "~/publishing/snapshot.server";

/** "2026-11-28": the UTC day of an ISO timestamp. */
export function isoDay(iso: string): string;
export function isoDay(iso: string | null): string | null;
export function isoDay(iso: string | null) {
  return iso === null ? null : new Date(iso).toISOString().slice(0, 10);
}

function json(value: unknown) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function signatoriesJson(snapshot: PublishedSnapshot): string {
  return json({
    letter: snapshot.title,
    textHash: snapshot.textHash,
    publishedAt: isoDay(snapshot.publishedAt),
    count: snapshot.count,
    // Decision 019: verified signers left unnamed (their condition was not met); 0 when none.
    unnamedCount: snapshot.unnamed?.count ?? 0,
    // `team` only for a letter with teams (decision 018): null there for a signatory who named none.
    signatories: snapshot.signatories.map(({ name, title, publicLine, team }) => ({
      name,
      title,
      publicLine,
      ...(team !== undefined ? { team } : {}),
    })),
  });
}

export function letterJson(snapshot: PublishedSnapshot, url: string, after: AfterPublication = NOTHING_AFTER): string {
  return json({
    title: snapshot.title,
    addressee: snapshot.addressee,
    organizationName: snapshot.organizationName,
    text: snapshot.body,
    textHash: snapshot.textHash,
    // How to recompute textHash from the three fields above (app/domain/letters/text-hash.server.ts).
    textHashAlgorithm: 'SHA-256 (hex) of the UTF-8 JSON {"addressee":…,"title":…,"body":…} in that key order, as JSON.stringify writes it',
    openedAt: isoDay(snapshot.openedAt),
    revealedAt: isoDay(snapshot.revealedAt),
    publishedAt: isoDay(snapshot.publishedAt),
    count: snapshot.count,
    allowedDomains: snapshot.allowedDomains,
    verificationStatement: snapshot.verificationStatement,
    // Decision 019: how many verified signers stayed unnamed, the sentence, and (a letter
    // with teams) their per-team counts as the suppression rule shows them (null: hidden).
    unnamed: snapshot.unnamed
      ? { count: snapshot.unnamed.count, statement: snapshot.unnamed.statement, teams: snapshot.unnamed.teams }
      : { count: 0, statement: null, teams: null },
    url,
    // After publication (decision 017): the day the addressee's mail server took the
    // letter (null if not sent, or not yet), and the organizers' updates, newest first.
    deliveredToAddresseeOn: isoDay(after.deliveredOn),
    updates: after.updates.map((u) => ({ postedOn: isoDay(u.postedOn), text: u.body, url: `${url}#update-${u.id}` })),
  });
}
