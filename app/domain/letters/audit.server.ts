// The letter's audit trail. Signature events never say who or how many, carry
// only the day, and appear with the batched count, so the trail cannot be lined up
// with a colleague's verification email.
import type { Db, Tx } from "~/db/client.server";
import { startOfDayUtc } from "~/lib/dates";

export type AuditKind =
  | "created"
  | "edited"
  | "opened"
  | "revealed"
  /** A letter with trustees met its threshold: it waits for them (decision 015). */
  | "threshold-met"
  /** The threshold was met and the cooling-off period began (decision 020). */
  | "cooling-off-started"
  /** Withdrawals brought a letter in its cooling-off period below its threshold: it collects again. */
  | "cooling-off-undone"
  | "published"
  | "expired"
  | "cancelled"
  | "organizer-invited"
  | "organizer-joined"
  | "invitation-cancelled"
  | "preview-created"
  | "preview-revoked"
  | "press-sent"
  | "trustee-added"
  | "trustee-removed"
  | "trustee-threshold-set"
  | "trustee-key-registered"
  | "trustee-released"
  | "trustee-topped-up"
  | "trustee-refused"
  | "update-posted"
  | "delivery-queued"
  | "delivered"
  | "delivery-failed";
export type DailyAuditKind = "signatures-added" | "signatures-withdrawn";

/** On SQLite the reveal writes this same row as plain SQL: recordAuditDirect (signing-store/sqlite-rows.server.ts). */
export async function recordAudit(
  client: Db | Tx,
  letterId: string,
  kind: AuditKind,
  { actorUserId, detail }: { actorUserId?: string; detail?: string } = {},
) {
  await client.auditEvent.create({ data: { letterId, kind, actorUserId: actorUserId ?? null, detail: detail ?? null } });
}

/**
 * "Signatures were added" / "withdrawn", at most one line per letter, kind and day,
 * dated by the day only and without a count. Written by the count batch, so it
 * moves no sooner than the public count does.
 */
export async function recordDailyAudit(client: Db | Tx, letterId: string, kind: DailyAuditKind, when: Date) {
  const day = startOfDayUtc(when);
  const exists = await client.auditEvent.findFirst({ where: { letterId, kind, createdAt: day }, select: { id: true } });
  if (!exists) await client.auditEvent.create({ data: { letterId, kind, createdAt: day } });
}
