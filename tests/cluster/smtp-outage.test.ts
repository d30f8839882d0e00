// Issue 17, fault 5: the mail server down for two minutes, with two workers running.
// Codes (sent from memory, decision 009) and queued mail (receipts, the reveal's
// notices: the sealed outbox) wait; the signer is told a code can take a moment;
// once the server is back every mail arrives, and each exactly once.
import pg from "pg";
import { describe, expect, test } from "vitest";
import { askForCode, pressSign, verifiedSigner } from "./support/http-signer";
import { openLetter } from "./support/letter";
import { organizedCluster } from "./support/organized-cluster";

const OUTAGE_MS = 120_000;

function messageIdOf(raw: string) {
  return /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? "";
}

/** Each message's status, attempts, and when it is next due, relative to now. */
async function outboxState(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; attempts: number; due_in_s: number; locked: boolean }>(
      `SELECT status, attempts, round(extract(epoch FROM "nextAttemptAt" - now()))::int AS due_in_s, "lockedUntil" > now() AS locked
       FROM "OutboxMessage" ORDER BY "createdAt"`,
    );
    return rows.map((r) => `${r.status} attempts=${r.attempts} due in ${r.due_in_s} s${r.locked ? " (claimed)" : ""}`).join("\n");
  } finally {
    await client.end();
  }
}

describe("the SMTP server down for two minutes", () => {
  const held = organizedCluster({ instances: 2, workers: 2 });

  test("codes and notices wait, then every mail is delivered exactly once, with two workers", { timeout: 600_000 }, async () => {
    const { cluster, organizer, organizerEmail } = held;
    const { shareUrl } = await openLetter(organizer.context, cluster.url, { title: "Mail through an outage", threshold: 5 });
    const signers = [];
    for (let i = 0; i < 5; i++) signers.push(await verifiedSigner(cluster, shareUrl, `outage${i}.mail@microsoft.com`));
    const contacts = signers.map((_, i) => `outage${i}.home@personal.example`);

    await cluster.stopSmtp();
    const down = Date.now();
    // Signing does not wait for mail: receipts go to the outbox, and the fifth
    // signature reveals the letter (notices to the organizer and every contact).
    for (const [i, signer] of signers.entries()) {
      expect(await pressSign(cluster, signer, `Outage Signer${i}`, { contactEmail: contacts[i] })).toHaveProperty("receipt");
    }
    // Newcomers ask for codes meanwhile; each is told it can take a moment.
    const newcomers = [0, 1, 2].map((i) => `outage.newcomer${i}@microsoft.com`);
    for (const email of newcomers) {
      const { page } = await askForCode(cluster, shareUrl, email);
      expect(page).toContain("It can take a minute to arrive");
    }
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    expect(cluster.smtp.received.filter((m) => [...contacts, ...newcomers].some((to) => m.to.includes(to)))).toEqual([]);
    await cluster.startSmtp();

    // Everything expected arrives: the newcomers' codes, a receipt and a reveal notice
    // for each contact, and the organizer's reveal notice.
    const to = (address: string) => cluster.smtp.received.filter((m) => m.to.includes(address));
    const deadline = Date.now() + 360_000;
    const allArrived = () =>
      newcomers.every((a) => to(a).length >= 1) && contacts.every((a) => to(a).length >= 2) && to(organizerEmail).length >= 2;
    while (!allArrived() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    if (!allArrived()) {
      // Say what is missing and what the outbox holds, so that a failure explains itself.
      const missing = [
        ...newcomers.map((a, i) => (to(a).length < 1 ? `newcomer ${i}: no code` : "")).filter(Boolean),
        ...contacts.map((a, i) => `contact ${i}: ${to(a).length} of 2`).filter((line) => !line.includes(": 2 of")),
        ...(to(organizerEmail).length < 2 ? [`organizer: ${to(organizerEmail).length} of 2`] : []),
      ];
      throw new Error(
        `not every mail arrived within 6 minutes of the server's return: ${missing.join("; ")}\n${await outboxState(cluster.databaseUrl)}`,
      );
    }
    // Then nothing more: a second worker or a retry never sends one twice.
    await new Promise((r) => setTimeout(r, 20_000));
    for (const address of newcomers) expect(to(address), address).toHaveLength(1);
    for (const address of contacts) expect(to(address), address).toHaveLength(2);
    const ids = cluster.smtp.received.map((m) => messageIdOf(m.raw));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);

    // The outbox agrees: every message sent, none still waiting or given up.
    const client = new pg.Client({ connectionString: cluster.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; n: string }>(
        `SELECT status, count(*) AS n FROM "OutboxMessage" GROUP BY status`,
      );
      expect(rows.filter((r) => r.status !== "SENT")).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
