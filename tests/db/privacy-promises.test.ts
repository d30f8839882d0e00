// DESIGN.md's privacy model, each promise checked against what is really stored.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { sqliteFilePath } from "~/db/sqlite-path.server";
import { expireDueLetters } from "~/domain/letters/close-letter.server";
import { viewLetterBySlug } from "~/domain/letters/view-letter.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { requestSigningCode, verifySigningCode } from "~/domain/letters/signing-verification.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import { logRequest, setLogLevel, setLogSink } from "~/log.server";
import { deliverDueMail } from "~/mail/worker.server";
import { localMailbox } from "~/mail/transport.server";
import { codeFrom } from "../support/factories";
import { openedLetter, signAs } from "../support/letters";
import { lastQueuedTo, lastSentTo, queuedMail } from "../support/mail";

const signers = [
  { work: "aisha.rahman@microsoft.com", name: "Aisha Rahman", title: "Principal Engineer", contact: "aisha.home@personal.example" },
  { work: "bjorn.olafsson@github.com", name: "Björn Ólafsson", title: "Staff Designer", contact: "bjorn@elsewhere.example" },
  { work: "carmen.delgado+letters@microsoft.com", name: "Carmen Delgado", title: "Program Manager", contact: null },
  // A second signature from Aisha's address (decision 010): it must store no more than a first.
  { work: "Aisha.Rahman+again@microsoft.com", name: "Aisha Twice", title: "Second Title", contact: "aisha.twice@personal.example" },
];
const secrets = signers.flatMap((s) => [s.work, s.work.split("@")[0]!.split("+")[0]!, s.name, s.title, ...(s.contact ? [s.contact] : [])]);

const logLines: string[] = [];
beforeAll(() => {
  setLogLevel("debug");
  setLogSink((line) => logLines.push(line));
});
afterAll(() => setLogLevel("silent"));

async function dumpEveryTable() {
  const tables = [
    "User",
    "Session",
    "EmailVerification",
    "PasswordReset",
    "SecurityEvent",
    "RateLimitCounter",
    "OutboxMessage",
    "Letter",
    "LetterOrganizer",
    "Signature",
    "DecoyReceipt",
    "SigningVerification",
    "AuditEvent",
  ];
  const out: string[] = [];
  for (const table of tables) {
    const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    out.push(
      JSON.stringify(rows, (_k, v) =>
        v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : typeof v === "bigint" ? String(v) : v,
      ),
    );
  }
  return out.join("\n");
}

describe("after signers sign and mail is delivered", () => {
  let letterId = "";
  beforeAll(async () => {
    const { letter } = await openedLetter({ threshold: 10 });
    letterId = letter.id;
    for (const s of signers)
      await signAs(letter, s.work, { name: s.name, title: s.title, contactEmail: s.contact, publicLine: "Engineer, Azure" });
    await deliverDueMail({ db: db(), transport: localMailbox(`${process.env.DATA_DIR}/mailbox`), from: "x@y.z" });
    // No checkpoint: the WAL is scanned as a running server leaves it (decision 009).
  });

  test("1 & 2. no table holds a work address, its local part, a name, a title or a contact address", async () => {
    const dump = await dumpEveryTable();
    for (const secret of secrets) expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  test("1 & 2. the raw SQLite file, its WAL and its shared memory hold none of them either, not checkpointed", () => {
    const url = process.env.DATABASE_URL!;
    if (!url.startsWith("file:")) return expect(url).toMatch(/^postgres/);
    const file = sqliteFilePath(url);
    expect(fs.statSync(`${file}-wal`).size, "the server's WAL, not checkpointed away").toBeGreaterThan(0);
    const bytes = Buffer.concat([file, `${file}-wal`, `${file}-shm`].map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0))))
      .toString("latin1")
      .toLowerCase();
    for (const secret of secrets) {
      expect(bytes).not.toContain(secret.toLowerCase());
      expect(bytes).not.toContain(Buffer.from(secret.toLowerCase(), "utf8").toString("latin1"));
    }
  });

  test("8. the duplicate left a receipt bound to nothing: no address tag, the first signature counted once", async () => {
    expect(await db().signature.count({ where: { letterId } })).toBe(3);
    expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).signatureCount).toBe(3);
    const decoys = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "DecoyReceipt" WHERE "letterId" = '${letterId}'`);
    expect(decoys).toHaveLength(1);
    expect(Object.keys(decoys[0]!).sort()).toEqual([
      "id",
      "identitySealing",
      "letterId",
      // The signer's own bar (decision 019): no identity, kept so the receipt reads like a signature's.
      "nameAt",
      "orderKey",
      "publicLine",
      "receiptHash",
      "sealedContact",
      "sealedIdentity",
      "signedOn",
    ]);
  });

  test("the outbox keeps no recipient and no body after delivery", async () => {
    const rows = await db().outboxMessage.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ status: "SENT", sealed: null, keyEpoch: null });
  });

  test("no log line carries any of them, plain or percent-encoded, even from a 404 path that holds one", () => {
    // What an employer could send to get an address into the logs: a path made of it.
    for (const s of signers) logRequest({ method: "GET", path: `/${encodeURIComponent(s.work)}`, status: 404, ms: 1 });
    for (const s of signers)
      logRequest({ method: "GET", path: `/u/${encodeURIComponent(encodeURIComponent(s.work))}`, status: 404, ms: 1 });
    const logs = logLines.join("\n").toLowerCase();
    for (const secret of secrets) {
      expect(logs).not.toContain(secret.toLowerCase());
      expect(logs).not.toContain(encodeURIComponent(secret).toLowerCase());
      expect(logs).not.toContain(encodeURIComponent(encodeURIComponent(secret)).toLowerCase());
    }
  });

  test("4. stored signature times are days; the page shows 'fewer than 5' and no pending line", async () => {
    const rows = await db().signature.findMany({ where: { letterId } });
    for (const row of rows) expect(row.signedOn.getTime() % (24 * 60 * 60_000)).toBe(0);
    const page = await viewLetterBySlug(privateSlug(letterId));
    expect(page!.count).toBeLessThan(5);
    expect(page!.publicLines).toEqual([]);
  });
});

test("5. the verification mail names neither the letter nor its topic, and carries a code, not a link", async () => {
  const { letter } = await openedLetter({
    title: "Stop Project Nightingale",
    organizationName: "Contoso",
    allowedDomains: ["contoso.com"],
  });
  await requestSigningCode(letter.id, "eve@contoso.com", { clientIp: "192.0.2.1" });
  const mail = await lastSentTo("eve@contoso.com");
  const text = `${mail.subject}\n${mail.text}`;
  expect(text).not.toMatch(/nightingale|contoso|letter|sign|undersigned|http/i);
  expect(codeFrom(mail.text)).toMatch(/^\d{8}$/);
  // Sent from memory: nothing of it was queued (decision 009).
  expect(await db().outboxMessage.count({ where: { kind: "signing-code" } })).toBe(0);
});

describe("5. signing codes", () => {
  test("refused when wrong, expired, reused, for another letter, or past the attempt cap", async () => {
    const { letter } = await openedLetter();
    const { letter: other } = await openedLetter();
    const ip = { clientIp: "192.0.2.2" };
    const token = await requestSigningCode(letter.id, "fay@microsoft.com", ip);
    const code = codeFrom((await lastSentTo("fay@microsoft.com")).text);

    await expect(verifySigningCode(token, other.id, code, ip)).rejects.toMatchObject({ code: "verification-missing" });
    await expect(verifySigningCode(token, letter.id, code, ip, new Date(Date.now() + 11 * 60_000))).rejects.toMatchObject({
      code: "code-expired",
    });
    for (let i = 0; i < 5; i++)
      await expect(verifySigningCode(token, letter.id, "00000000", ip)).rejects.toMatchObject({ code: "code-wrong" });
    await expect(verifySigningCode(token, letter.id, code, ip)).rejects.toMatchObject({ code: "code-attempts" });

    const second = await requestSigningCode(letter.id, "fay@microsoft.com", ip);
    const code2 = codeFrom((await lastSentTo("fay@microsoft.com")).text);
    await verifySigningCode(second, letter.id, code2, ip);
    const signed = await signLetter(second, letter.id, { publicLine: null, name: "Fay", title: null, contactEmail: null });
    // Used once: a second submit stores nothing, and is led back to the first's receipt (issue 13, 15).
    expect(await signLetter(second, letter.id, { publicLine: null, name: "Fay", title: null, contactEmail: null })).toEqual({
      ...signed,
      submittedAgain: true,
    });
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(1);
    expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(0);
  });

  test("a fourth code for one address within the hour is refused (429)", async () => {
    const { letter } = await openedLetter();
    for (let i = 0; i < 3; i++) await requestSigningCode(letter.id, "gil@microsoft.com", { clientIp: "192.0.2.3" });
    await expect(requestSigningCode(letter.id, "GIL+x@microsoft.com", { clientIp: "192.0.2.4" })).rejects.toMatchObject({ status: 429 });
  });

  test("an address at another domain is refused with a clear message and creates nothing", async () => {
    const { letter } = await openedLetter();
    await expect(requestSigningCode(letter.id, "hal@gmail.com", { clientIp: "192.0.2.5" })).rejects.toMatchObject({
      code: "domain-not-allowed",
      options: { field: "email" },
    });
    expect(await db().signingVerification.count({ where: { letterId: letter.id } })).toBe(0);
  });
});

test("shredding: after expiry the data key and every sealed blob are gone, and contacts were told", async () => {
  const { letter } = await openedLetter({ threshold: 10 });
  await signAs(letter, "ida@microsoft.com", { contactEmail: "ida@personal.example" });
  await signAs(letter, "jon@microsoft.com");
  // A duplicate's decoy receipt goes too, and its contact hears what a signer's does (decision 010).
  await signAs(letter, "Ida+2@microsoft.com", { contactEmail: "ida.again@personal.example" });
  await db().letter.update({ where: { id: letter.id }, data: { deadline: new Date(Date.now() - 1000) } });
  expect(await expireDueLetters()).toBe(1);
  expect(await expireDueLetters()).toBe(0);
  const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(after.status).toBe("EXPIRED");
  expect(after.wrappedDataKey).toBeNull();
  // Not only the blobs: the rows, with their address tags and public lines, are gone.
  expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(0);
  expect(await db().decoyReceipt.count({ where: { letterId: letter.id } })).toBe(0);
  expect(after.signatureCount).toBe(2);
  expect(await queuedMail({ to: "ida.again@personal.example", kind: "letter-closed" })).toHaveLength(1);
  const notice = await lastQueuedTo("ida@personal.example", "letter-closed");
  expect(notice.text).toMatch(/destroyed/);
});
