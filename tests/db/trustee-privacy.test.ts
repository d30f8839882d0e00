// Trustees' addresses are personal data (issue 15, decision 015): no table holds one
// in plain text, nor an invitation link's token, before or after their mail is
// delivered, for drafts, opened letters and shredded ones; on SQLite, neither do the
// raw file, its WAL and its shared memory, as a running server leaves them.
// Runs on both databases: `npx vitest run tests/db/trustee-privacy.test.ts` and
// `npx vitest run -c vitest.postgres.config.ts tests/db/trustee-privacy.test.ts`.
import fs from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { sqliteFilePath } from "~/db/sqlite-path.server";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { listTrustees } from "~/domain/trustees/list-trustees.server";
import { deliverDueMail } from "~/mail/worker.server";
import { scanFiles, type Secrets } from "../support/disk-flows";
import { createUser } from "../support/factories";
import { draftInput } from "../support/letters";
import { addTrustees } from "../support/trustees";
import { isSqlite, tableNames } from "../support/tables";

/** Every row of every table, bytes as latin1 so a plain address inside a blob would show. */
async function dumpEveryTable() {
  const out: string[] = [];
  for (const table of await tableNames()) {
    const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    out.push(
      JSON.stringify(rows, (_k, v) =>
        v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : typeof v === "bigint" ? String(v) : v,
      ),
    );
  }
  return out.join("\n").toLowerCase();
}

describe("trustees of drafts, open letters and cancelled ones", () => {
  const secrets: Secrets = [];
  let organizerId = "";
  let openId = "";

  beforeAll(async () => {
    const organizer = await createUser();
    organizerId = organizer.id;
    const keep = (trustees: { email: string; token: string }[]) => {
      for (const t of trustees) {
        secrets.push({ label: "trustee address", value: t.email });
        secrets.push({ label: "trustee local part", value: t.email.split("@")[0]! });
        secrets.push({ label: "invitation token", value: t.token });
      }
    };
    // A draft whose invitations are still queued (sealed), and another whose mail is delivered.
    const queued = await createDraft(organizer.id, draftInput());
    const delivered = await createDraft(organizer.id, draftInput());
    keep(await addTrustees(organizer.id, delivered.id, { count: 3, threshold: 2 }));
    await deliverDueMail({ db: db(), transport: { send: async () => {} }, from: "x@undersigned.test" });
    keep(await addTrustees(organizer.id, queued.id, { count: 2 }));
    // Opened with every key registered, and a cancelled draft (shredded).
    const opened = await createDraft(organizer.id, draftInput());
    keep(await addTrustees(organizer.id, opened.id, { count: 3, threshold: 2, register: true }));
    await openLetter(organizer, opened.id);
    openId = opened.id;
    const cancelled = await createDraft(organizer.id, draftInput());
    keep(await addTrustees(organizer.id, cancelled.id, { count: 2 }));
    await cancelLetter(organizer.id, cancelled.id);
    expect(await db().trustee.count()).toBe(10);
  });

  test("no table holds a trustee's address, its local part or an invitation token", async () => {
    const dump = await dumpEveryTable();
    for (const { label, value } of secrets) expect(dump.includes(value.toLowerCase()), label).toBe(false);
    expect(dump).toContain("trustee number 3, example union");
  });

  test("on SQLite, neither do the raw file, its WAL or its shared memory", () => {
    if (!isSqlite()) return expect(process.env.DATABASE_URL).toMatch(/^postgres/);
    const file = sqliteFilePath(process.env.DATABASE_URL!);
    expect(fs.statSync(`${file}-wal`).size, "the running server's WAL").toBeGreaterThan(0);
    const files = [file, `${file}-wal`, `${file}-shm`];
    expect(scanFiles(files, secrets)).toEqual([]);
    // The scan does find what is stored in plain text (the public descriptions): its silence above means something.
    expect(scanFiles(files, [{ label: "description", value: "Trustee number 3, Example Union" }]).length).toBeGreaterThan(0);
  });

  test("yet the organizers can read them back, while the letter's data key exists", async () => {
    const view = await listTrustees(organizerId, openId);
    expect(view.trustees.map((t) => t.email)).toEqual(
      secrets
        .filter((s) => s.label === "trustee address")
        .map((s) => s.value.toLowerCase())
        .slice(5, 8),
    );
  });
});
