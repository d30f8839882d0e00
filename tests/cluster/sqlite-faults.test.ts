// Issue 17, fault 7: on SQLite (one machine), kill -9 in the middle of a signing rush
// and a full disk leave the database consistent and the app able to serve again.
// The app runs as in production (`node server.js`, tests/cluster/support/sqlite-app.ts);
// the file is checked raw between the fault and the restart, from a process of its own
// (support/sqlite-read.ts), as an operator's `sqlite3` would. The full disk is a small
// tmpfs (support/small-disk.ts: mounted as root, or in a namespace of its own).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteFilePath } from "~/db/sqlite-path.server";
import { newPage, openBrowser } from "../e2e/support/browser";
import { rememberSmtpInbox } from "../e2e/support/mailbox";
import { signUpOrganizer } from "../e2e/support/organizer";
import { killNine } from "../support/app-process";
import { startSmtpServer } from "../support/smtp";
import { letterFigures } from "./support/figures";
import { askForCode, expectEachSignedOnce, pressAgainUntilReceipt, pressSign, rushWithFault, verifiedSigner } from "./support/http-signer";
import { request } from "./support/https";
import { openLetter, saveDraft } from "./support/letter";
import { readSqlite } from "./support/sqlite-read";
import { type SqliteApp, startSqliteApp } from "./support/sqlite-app";
import { type SmallDisk, fillUp, smallDisk } from "./support/small-disk";

/**
 * The raw file, as an operator's `sqlite3` would see it (opened for writing: opening
 * it replays a WAL a crash left behind, closing it checkpoints it into the file).
 */
function checkFile(app: SqliteApp) {
  const [integrity, foreignKeyViolations, journalMode] = readSqlite(
    app.databaseUrl,
    [{ sql: "PRAGMA integrity_check" }, { sql: "PRAGMA foreign_key_check" }, { sql: "PRAGMA journal_mode" }],
    { wrapper: app.wrapper, readonly: false },
  );
  return { integrity: integrity![0]!.integrity_check, foreignKeyViolations, journalMode: journalMode![0]!.journal_mode };
}

/** How much the -wal file holds (the kill test runs on the machine's own disk: no wrapper). */
function walBytes(app: SqliteApp) {
  const wal = `${sqliteFilePath(app.databaseUrl)}-wal`;
  return fs.existsSync(wal) ? fs.statSync(wal).size : 0;
}

/** The migrations the file records as applied: a restart must add none and change none. */
function appliedMigrations(app: SqliteApp) {
  const sql = `SELECT id, migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`;
  return readSqlite(app.databaseUrl, [{ sql }], { wrapper: app.wrapper })[0];
}

const figuresOf = (app: SqliteApp, letterId: string) => letterFigures(app.databaseUrl, letterId, { wrapper: app.wrapper });

/** Everyone ready to press "Sign" at once (codes asked for together: the outbox delivers them in batches). */
async function verifiedSigners(app: SqliteApp, shareUrl: string, emails: string[]) {
  return Promise.all(emails.map((email) => verifiedSigner(app, shareUrl, email)));
}

describe("SQLite on one machine: kill -9 and a full disk", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let organizer: Awaited<ReturnType<typeof openBrowser>>;
  const running: SqliteApp[] = [];
  const folders: string[] = [];
  const disks: SmallDisk[] = [];

  async function start(folder: string, options: { port?: number; disk?: SmallDisk } = {}) {
    const app = await startSqliteApp(folder, smtp, options);
    running.push(app);
    rememberSmtpInbox(app.url, smtp.received);
    return app;
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    organizer = await openBrowser();
  });
  afterAll(async () => {
    // Always, even on failure: nothing left running, nothing left mounted.
    for (const app of running)
      if (app.process.child.exitCode === null && app.process.child.signalCode === null) killNine(app.process.child.pid!);
    await Promise.all(running.map((app) => app.process.exited));
    for (const disk of disks) await disk.release();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
    await organizer?.close();
    await smtp?.close();
  });

  test(
    "kill -9 in a signing rush across the threshold: the file is intact, the app starts again, every signer ends with one receipt, one reveal",
    { timeout: 150_000 },
    async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-sqlite-kill-"));
      folders.push(folder);
      const app = await start(folder);
      await signUpOrganizer(organizer.context, app.url);
      const { letterId, shareUrl } = await openLetter(organizer.context, app.url, { title: "A rush with a crash", threshold: 20 });
      const emails = Array.from({ length: 30 }, (_, i) => `rusher${i}.sqlite@microsoft.com`);
      const signers = await verifiedSigners(app, shareUrl, emails);
      const nameOf = (i: number) => `Rusher Number${i}`;

      // Supervisor and web process killed once a third of the answers are back.
      const first = await rushWithFault(app, signers, nameOf, 10, () => killNine(app.process.child.pid!));
      await app.process.exited;
      const receiptsBeforeCrash = first.filter((a) => "receipt" in a).length;
      expect(
        first.some((a) => !("receipt" in a)),
        "the kill cut some requests off",
      ).toBe(true);

      // The raw file: the WAL the crash left behind is replayed, the file is sound, and
      // every signature whose receipt was answered before the crash is in it.
      const migrationsBefore = appliedMigrations(app);
      const walLeft = walBytes(app);
      expect(walLeft, "the crash left commits in the WAL, not yet in the file").toBeGreaterThan(0);
      expect(checkFile(app)).toEqual({ integrity: "ok", foreignKeyViolations: [], journalMode: "wal" });
      expect(walBytes(app), "the WAL was checkpointed into the file").toBe(0);
      const afterCrash = await figuresOf(app, letterId);
      expect(afterCrash.signatures).toBeGreaterThanOrEqual(receiptsBeforeCrash);
      expect(afterCrash.signatureCount, "the counter moves with its rows").toBe(afterCrash.signatures);
      expect(afterCrash.reveals).toBeLessThanOrEqual(1);

      // Started again on the same DATA_DIR and file (and port, so the signers' pages stay theirs).
      const again = await start(folder, { port: Number(new URL(app.url).port) });
      expect(appliedMigrations(again), "no migration re-ran").toEqual(migrationsBefore);
      const last = await pressAgainUntilReceipt(again, signers, nameOf, first, { tries: 5, waitMs: 300 });
      await expectEachSignedOnce(last, () => figuresOf(again, letterId));
      console.info(
        `SQLite kill -9 mid-rush: ${emails.length - receiptsBeforeCrash} of ${emails.length} first presses got no receipt; WAL left: ${walLeft} bytes`,
      );
    },
  );

  test(
    "a full disk: signing, codes and drafts answer 503, the app keeps running, once space is back everyone signs, counts exact; a start on a full disk stops once, saying so",
    { timeout: 150_000 },
    async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-sqlite-full-"));
      folders.push(folder);
      const disk = await smallDisk(folder, "16m"); // throws, saying why, where this machine cannot
      disks.push(disk);
      const app = await start(folder, { disk });
      await signUpOrganizer(organizer.context, app.url);
      const { letterId, shareUrl } = await openLetter(organizer.context, app.url, { title: "A full disk", threshold: 5 });
      const emails = Array.from({ length: 8 }, (_, i) => `filler${i}.sqlite@microsoft.com`);
      const signers = await verifiedSigners(app, shareUrl, emails);
      const nameOf = (i: number) => `Patient Signer${i}`;

      const filler = disk.seen(path.join(folder, "filler"));
      fillUp(filler);
      // Every press answers, promptly enough for the request's 30 s limit: a receipt
      // (SQLite found room in pages it already had) or a 503 asking to retry.
      const whileFull = await Promise.all(signers.map((signer, i) => pressSign(app, signer, nameOf(i))));
      for (const attempt of whileFull) {
        if ("receipt" in attempt) continue;
        expect(attempt).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
      }
      expect(
        whileFull.some((a) => !("receipt" in a)),
        "the full disk refused some signatures",
      ).toBe(true);
      await expect(askForCode(app, shareUrl, "latecomer.sqlite@microsoft.com")).rejects.toThrow("asking for a code: 503");
      // An organizer's write goes through Prisma, not the signing steps' plain SQL: the same page.
      const { page: draft } = await newPage(organizer.context, app.url);
      await draft.goto(`${app.url}/my/letters/new`);
      await saveDraft(draft, { title: "Written on a full disk", threshold: 5 });
      const said = draft.getByRole("heading", { name: /briefly unavailable|went wrong/ });
      await said.waitFor();
      expect(await said.textContent()).toBe("We are briefly unavailable");
      // Reading needs no room: the health check still says the database answers.
      expect((await request(`${app.url}/healthz`, {})).status).toBe(200);
      expect(app.process.child.exitCode ?? app.process.child.signalCode, "the app is still running").toBeNull();
      // What the operator reads in the log: the driver's code, which says to free disk space.
      expect(app.process.output()).toContain('"msg":"database unavailable: answered 503","reason":"SQLITE_FULL"');

      // Room again, no restart: the same process serves everyone.
      fs.rmSync(filler);
      const last = await pressAgainUntilReceipt(app, signers, nameOf, whileFull, { tries: 5, waitMs: 300 });
      for (const [i, attempt] of last.entries()) expect(attempt, `signer ${i} ends with a receipt`).toHaveProperty("receipt");
      await draft.goto(`${app.url}/my/letters/new`);
      await saveDraft(draft, { title: "Written once there was room", threshold: 5 });
      await draft.waitForURL(/\/my\/letters\/[0-9a-f-]{36}$/);
      const latecomer = await verifiedSigner(app, shareUrl, "latecomer.sqlite@microsoft.com");
      expect(await pressSign(app, latecomer, "Late Comer")).toHaveProperty("receipt");
      expect(await figuresOf(app, letterId)).toEqual({
        status: "REVEALED",
        signatureCount: emails.length + 1,
        signatures: emails.length + 1,
        decoys: 0,
        reveals: 1,
      });
      expect(app.process.output(), "no web process stopped").not.toMatch(/web process \d+ stopped/);

      expect(await app.process.stop()).toBe(0);
      const migrationsBefore = appliedMigrations(app);
      // (Last, as it opens the file for writing: closing it removes the -wal and -shm, as a clean stop does.)
      expect(checkFile(app)).toEqual({ integrity: "ok", foreignKeyViolations: [], journalMode: "wal" });

      // Started on a full disk (after a reboot, say): it stops once, saying why, rather
      // than looping; with room again it starts, the file intact, nothing re-applied.
      fillUp(filler);
      await expect(start(folder, { disk })).rejects.toThrow(
        /server exited \(1\) during start-up[^]*"name":"DiskFullError","message":"the disk holding the SQLite file is full/,
      );
      fs.rmSync(filler);
      const again = await start(folder, { disk });
      expect(appliedMigrations(again)).toEqual(migrationsBefore);
      expect((await figuresOf(again, letterId)).signatures).toBe(emails.length + 1);
      expect(await again.process.stop()).toBe(0);
      expect(checkFile(again)).toEqual({ integrity: "ok", foreignKeyViolations: [], journalMode: "wal" });
      console.info(`SQLite full disk: ${whileFull.filter((a) => !("receipt" in a)).length} of ${emails.length} presses answered 503`);
    },
  );
});
