// The dashboard's audit trail (app/domain/letters/audit-trail.server.ts): signature
// events show one line per day and kind, only once that day is over (UTC), never
// with who or how many; organizer actions show with the organizer who acted.
import { describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { type AuditEvent, auditTrail } from "~/domain/letters/audit-trail.server";
import { viewDashboard } from "~/domain/letters/view-letter.server";
import { DAY_MS, startOfDayUtc } from "~/lib/dates";
import { createUser } from "../support/factories";
import { openedLetter } from "../support/letters";

const event = (over: Partial<AuditEvent> & Pick<AuditEvent, "kind" | "createdAt">): AuditEvent => ({
  id: `${over.kind}-${over.createdAt}`,
  detail: null,
  actorName: null,
  ...over,
});

describe("the rule", () => {
  const now = new Date("2026-12-03T15:00:00.000Z");

  test("a signature event of today is not shown, not even at the end of the day", () => {
    const today = event({ kind: "signatures-added", createdAt: "2026-12-03T00:00:00.000Z" });
    expect(auditTrail([today], now)).toEqual([]);
    expect(auditTrail([today], new Date("2026-12-03T23:59:59.999Z"))).toEqual([]);
    // Once the day is over (UTC), it shows.
    expect(auditTrail([today], new Date("2026-12-04T00:00:00.000Z"))).toHaveLength(1);
  });

  test("two signature events of one past day show as one line, with no actor; another kind or day is its own line", () => {
    const rows = auditTrail(
      [
        event({ id: "a", kind: "signatures-added", createdAt: "2026-12-02T00:00:00.000Z", actorName: "Ada Author" }),
        event({ id: "b", kind: "signatures-added", createdAt: "2026-12-02T13:00:00.000Z" }),
        event({ id: "c", kind: "signatures-withdrawn", createdAt: "2026-12-02T00:00:00.000Z" }),
        event({ id: "d", kind: "signatures-added", createdAt: "2026-12-01T00:00:00.000Z" }),
      ],
      now,
    );
    expect(rows).toEqual([
      {
        key: "signatures-added:2026-12-02",
        label: "One or more signatures were added",
        date: "2 December 2026",
        day: "2026-12-02",
        by: null,
      },
      {
        key: "signatures-withdrawn:2026-12-02",
        label: "One or more signatures were withdrawn",
        date: "2 December 2026",
        day: "2026-12-02",
        by: null,
      },
      {
        key: "signatures-added:2026-12-01",
        label: "One or more signatures were added",
        date: "1 December 2026",
        day: "2026-12-01",
        by: null,
      },
    ]);
  });

  test("organizer events show at once, each with the organizer who acted, in its words", () => {
    const rows = auditTrail(
      [
        event({ id: "e1", kind: "opened", createdAt: "2026-12-03T14:59:00.000Z", actorName: "Rae Runner" }),
        event({ id: "e2", kind: "invitation-cancelled", detail: "declined", createdAt: "2026-12-03T10:00:00.000Z" }),
        event({ id: "e3", kind: "edited", createdAt: "2026-12-03T09:00:00.000Z", actorName: "Ada Author" }),
        event({ id: "e4", kind: "some-new-kind", createdAt: "2026-12-02T09:00:00.000Z" }),
      ],
      now,
    );
    expect(rows).toEqual([
      { key: "e1", label: "Opened for signatures — the text was frozen", date: "3 December 2026", day: "2026-12-03", by: "Rae Runner" },
      { key: "e2", label: "An invitation to co-organize was declined", date: "3 December 2026", day: "2026-12-03", by: null },
      { key: "e3", label: "Draft edited", date: "3 December 2026", day: "2026-12-03", by: "Ada Author" },
      { key: "e4", label: "some new kind", date: "2 December 2026", day: "2026-12-02", by: null },
    ]);
  });
});

describe("the dashboard's trail, from the database", () => {
  test("hides today's signature line, shows a past day's once, and names the organizer who opened", async () => {
    const organizer = await createUser({ displayName: "Ada Author" });
    const { letter } = await openedLetter();
    await db().letterOrganizer.create({ data: { letterId: letter.id, userId: organizer.id, role: "co-organizer" } });
    const today = startOfDayUtc();
    const yesterday = new Date(today.getTime() - DAY_MS);
    await db().auditEvent.createMany({
      data: [
        { letterId: letter.id, kind: "signatures-added", createdAt: today },
        { letterId: letter.id, kind: "signatures-added", createdAt: yesterday },
        { letterId: letter.id, kind: "signatures-added", createdAt: new Date(yesterday.getTime() + 60_000) },
        { letterId: letter.id, kind: "preview-created", actorUserId: organizer.id, detail: "Jane Doe, The Example Times" },
      ],
    });

    const { trail } = await viewDashboard(organizer.id, letter.id);
    const signatureLines = trail.filter((row) => row.label === "One or more signatures were added");
    expect(signatureLines).toEqual([expect.objectContaining({ day: yesterday.toISOString().slice(0, 10), by: null })]);
    expect(trail.find((row) => row.label === "Made a press preview link")).toMatchObject({ by: "Ada Author" });
    expect(trail.find((row) => row.label === "Opened for signatures — the text was frozen")).toMatchObject({ by: "Olive Organizer" });
  });
});
