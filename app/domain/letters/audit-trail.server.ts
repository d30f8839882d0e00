// The letter's audit trail as its organizers read it on the dashboard: what
// happened, when (by day), and which organizer did it. Signature events never say
// who or how many (app/domain/letters/audit.server.ts writes them that way).
import { db } from "~/db/client.server";
import { formatDay, startOfDayUtc } from "~/lib/dates";
import type { AuditKind, DailyAuditKind } from "./audit.server";

// Every kind has its words (the `satisfies`); a kind read back from the database is any string.
const AUDIT_WORDS: Readonly<Record<string, string>> = {
  created: "Draft created",
  edited: "Draft edited",
  opened: "Opened for signatures — the text was frozen",
  revealed: "Threshold met — the names were revealed",
  "threshold-met": "Threshold met — the names stay sealed until the trustees release them",
  "cooling-off-started": "Threshold met — the cooling-off period began; names stay sealed until it ends",
  "cooling-off-undone": "Withdrawals brought the count below the threshold — collecting signatures again",
  published: "Published",
  expired: "Deadline passed below the threshold — every sealed name was destroyed",
  cancelled: "Cancelled — every sealed name was destroyed",
  "signatures-added": "One or more signatures were added",
  "signatures-withdrawn": "One or more signatures were withdrawn",
  "organizer-invited": "Invited a co-organizer",
  "organizer-joined": "Joined as a co-organizer",
  "invitation-cancelled": "Cancelled an invitation to co-organize",
  "preview-created": "Made a press preview link",
  "preview-revoked": "Revoked a press preview link",
  "press-sent": "Sent the letter to the press list",
  "trustee-added": "Added a trustee (invitation sent)",
  "trustee-removed": "Removed a trustee",
  "trustee-threshold-set": "Chose how many trustees must agree",
  "trustee-key-registered": "A trustee registered their key",
  "trustee-released": "A trustee released their shares",
  "trustee-topped-up": "A trustee released shares of signatures made since",
  "trustee-refused": "A trustee refused to release their shares",
  "update-posted": "Posted an update on the public page",
  "delivery-queued": "Sent the letter and its PDF to the addressee",
  delivered: "The addressee's mail server accepted the letter",
  "delivery-failed": "The letter could not be delivered to the addressee",
} satisfies Record<AuditKind | DailyAuditKind, string>;
// Written by the count batch (recordDailyAudit): one line per day, no count, no actor.
const SIGNATURE_KINDS: ReadonlySet<string> = new Set<DailyAuditKind>(["signatures-added", "signatures-withdrawn"]);
// Written the moment a signature or a withdrawal crosses the threshold (decision 020):
// shown, like signature lines, only once their day is over, so the trail does not
// tell the crossing sooner than the batched count does.
const CROSSING_KINDS: ReadonlySet<string> = new Set<AuditKind>(["cooling-off-started", "cooling-off-undone"]);

/** An audit event as the organizers may know it: the acting organizer by display name, never an id. */
export type AuditEvent = { id: string; kind: string; detail: string | null; createdAt: string; actorName: string | null };

/** One line of the trail, ready to show. `by`: the organizer who acted; never set on signature lines. */
export type AuditTrailRow = { key: string; label: string; date: string; day: string; by: string | null };

/** The letter's latest events, newest first, each organizer action with who did it. */
export async function readAuditEvents(letterId: string): Promise<AuditEvent[]> {
  const audit = await db().auditEvent.findMany({ where: { letterId }, orderBy: { createdAt: "desc" }, take: 200 });
  const actorIds = [...new Set(audit.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
  const actors = actorIds.length
    ? await db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } })
    : [];
  const actorNames = new Map(actors.map((a) => [a.id, a.displayName]));
  // Who did each organizer action, by display name. Signature events never carry a
  // name (they have no actor, and must not get one by mistake either).
  return audit.map((e) => ({
    id: e.id,
    kind: e.kind,
    detail: e.detail,
    createdAt: e.createdAt.toISOString(),
    actorName: e.actorUserId && !e.kind.startsWith("signature") ? (actorNames.get(e.actorUserId) ?? "A former organizer") : null,
  }));
}

function labelOf(event: Pick<AuditEvent, "kind" | "detail">) {
  if (event.kind === "invitation-cancelled" && event.detail === "declined") return "An invitation to co-organize was declined";
  // Trustee lines carry the organizers' own description of the trustee (or k of n), so the trail says which.
  if (event.kind.startsWith("trustee-") && event.detail) {
    return `${AUDIT_WORDS[event.kind]}: ${event.kind === "trustee-threshold-set" ? event.detail : `“${event.detail}”`}`;
  }
  if (event.kind === "update-posted" && event.detail) return `${AUDIT_WORDS[event.kind]} (${event.detail})`;
  return AUDIT_WORDS[event.kind] ?? event.kind.replaceAll("-", " ");
}

/**
 * The audit trail as the page shows it. Signature events never say who or how many:
 * one line per day and kind, and only once that day is over (UTC), so the trail cannot
 * tick up minutes after a colleague's verification email (privacy model, rule 4), nor
 * count signers below five.
 */
export function auditTrail(events: readonly AuditEvent[], now = new Date()): AuditTrailRow[] {
  const today = startOfDayUtc(now).getTime();
  const seen = new Set<string>();
  const rows: AuditTrailRow[] = [];
  for (const event of events) {
    const day = event.createdAt.slice(0, 10);
    const label = labelOf(event);
    if (SIGNATURE_KINDS.has(event.kind)) {
      const key = `${event.kind}:${day}`;
      if (new Date(event.createdAt).getTime() >= today || seen.has(key)) continue;
      seen.add(key);
      rows.push({ key, label, date: formatDay(event.createdAt), day, by: null });
    } else if (CROSSING_KINDS.has(event.kind) && new Date(event.createdAt).getTime() >= today) {
      continue;
    } else {
      rows.push({ key: event.id, label, date: formatDay(event.createdAt), day, by: event.actorName ?? null });
    }
  }
  return rows;
}
