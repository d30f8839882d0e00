// A trustee's "done" that meets the reveal made by the others' shares in the same
// moment (issue 15): read while the letter still awaited trustees, written just after
// it was revealed. Made to happen every time here, not by luck: the letter's row is
// locked while this trustee's "done" reads, and the letter flips before it may write.
import pg from "pg";
import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { finishRelease } from "~/domain/trustees/finish-release.server";
import { releaseShares } from "~/domain/trustees/release-shares.server";
import { letterAwaitingTrustees, openedSharesOf } from "../support/trustee-release";

test("a 'done' written just after the others' shares revealed the letter is recorded as a release, not refused", async () => {
  const { letterId, trustees } = await letterAwaitingTrustees({ n: 3, k: 2, signatures: 3 });
  // After the second trustee's shares every name is open: the third finds none left to send.
  for (const t of trustees) {
    const shares = await openedSharesOf(t, letterId);
    if (shares.length) await releaseShares(t.token, shares);
  }
  expect(await finishRelease(trustees[0]!.token)).toMatchObject({ outcome: "released", released: 1, revealed: false });

  const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  try {
    await other.query("BEGIN");
    await other.query(`SELECT 1 FROM "Letter" WHERE id = $1 FOR UPDATE`, [letterId]);
    const late = finishRelease(trustees[2]!.token);
    // It has read the letter (awaiting trustees) and waits for this connection's lock to
    // write: a backend blocked by this one, not any lock wait elsewhere on the server.
    const blockedByUs = `SELECT count(*) AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`;
    await expect.poll(async () => Number((await other.query(blockedByUs)).rows[0].n), { timeout: 10_000, interval: 20 }).toBeGreaterThan(0);
    // Meanwhile the letter is revealed (every name was already open: k shares had arrived).
    await other.query(`UPDATE "Letter" SET status = 'REVEALED', "revealedAt" = now() WHERE id = $1`, [letterId]);
    await other.query("COMMIT");

    expect(await late).toMatchObject({ outcome: "released", released: 2, revealed: false, opened: 0 });
  } finally {
    await other.end();
  }
  const third = await db().trustee.findUniqueOrThrow({ where: { id: trustees[2]!.id } });
  expect(third.releasedAt).not.toBeNull();
  expect(await db().auditEvent.count({ where: { letterId, kind: "trustee-released" } })).toBe(2);
  // A second "done" from the same trustee changes nothing.
  await expect(finishRelease(trustees[2]!.token)).rejects.toMatchObject({ code: "release-over" });
});
