import crypto from "node:crypto";
import fs from "node:fs";
import { beforeEach, describe, expect, test } from "vitest";
import { config } from "~/config/env.server";
import { keyEncryptionKeyIsGenerated, rotateKeyEncryptionKey, secretsFilePath } from "~/crypto/rotate-keys.server";
import { newWrappedDataKey, sealIdentity, unsealIdentity, unwrapDataKey, unwrapOutboxKey } from "~/crypto/sealing.server";
import { db } from "~/db/client.server";
import { enqueueMail } from "~/mail/outbox.server";
import { deliverDueMail } from "~/mail/worker.server";

const bytes = (n: number) => new Uint8Array(crypto.randomBytes(n));

async function createLetter(title: string, options: { shredded?: boolean } = {}) {
  const id = crypto.randomUUID();
  return db().letter.create({
    data: {
      id,
      status: options.shredded ? "EXPIRED" : "OPEN",
      title,
      addressee: "Satya Nadella",
      body: "Cancel the contract.",
      organizationName: "Microsoft",
      allowedDomains: "microsoft.com",
      threshold: 100,
      deadline: new Date(Date.now() + 7 * 86_400_000),
      wrappedDataKey: options.shredded ? null : newWrappedDataKey(id),
    },
  });
}

async function createSealedSignature(letterId: string, name: string) {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
  const id = crypto.randomUUID();
  const dataKey = unwrapDataKey(letterId, letter.wrappedDataKey!);
  const identity = { name, title: "Engineer" };
  await db().signature.create({
    data: {
      id,
      letterId,
      emailTag: bytes(32),
      receiptHash: bytes(32),
      signedOn: new Date(Date.UTC(2026, 10, 28)),
      orderKey: crypto.randomBytes(8).toString("hex"),
      sealedIdentity: sealIdentity(dataKey, { letterId, signatureId: id }, identity),
    },
  });
  return { id, identity };
}

async function openIdentity(signatureId: string, kek: Buffer) {
  const signature = await db().signature.findUniqueOrThrow({ where: { id: signatureId }, include: { letter: true } });
  const dataKey = unwrapDataKey(signature.letterId, signature.letter.wrappedDataKey!, kek);
  return unsealIdentity(dataKey, { letterId: signature.letterId, signatureId }, signature.sealedIdentity!);
}

beforeEach(async () => {
  await db().letter.deleteMany();
});

describe("rotateKeyEncryptionKey", () => {
  test("re-wraps every live letter's key; identities open under the new KEK only", async () => {
    const oldKek = Buffer.from(config().keyEncryptionKey);
    const a = await createLetter("Letter A");
    const b = await createLetter("Letter B");
    const shredded = await createLetter("Expired letter", { shredded: true });
    const alice = await createSealedSignature(a.id, "Alice Anders");
    const bob = await createSealedSignature(b.id, "Bob Bauer");
    const newKek = crypto.randomBytes(32);

    expect(await rotateKeyEncryptionKey(newKek)).toBe(2);

    expect(await openIdentity(alice.id, newKek)).toEqual(alice.identity);
    expect(await openIdentity(bob.id, newKek)).toEqual(bob.identity);
    await expect(openIdentity(alice.id, oldKek)).rejects.toThrow();
    await expect(openIdentity(bob.id, oldKek)).rejects.toThrow();
    for (const letter of [a, b]) {
      const now = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
      expect(Buffer.from(now.wrappedDataKey!).equals(Buffer.from(letter.wrappedDataKey!))).toBe(false);
    }
    // A shredded letter stays shredded.
    expect((await db().letter.findUniqueOrThrow({ where: { id: shredded.id } })).wrappedDataKey).toBeNull();
    // This process carries on with the new key.
    expect(config().keyEncryptionKey.equals(newKek)).toBe(true);
  });

  test("updates the generated secrets file, owner-only, keeping the other secrets", async () => {
    expect(keyEncryptionKeyIsGenerated()).toBe(true);
    const file = secretsFilePath();
    const before = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
    const newKek = crypto.randomBytes(32);
    await createLetter("Letter C");

    expect(await rotateKeyEncryptionKey(newKek)).toBe(1);

    const after = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
    expect(after.keyEncryptionKey).toBe(newKek.toString("base64"));
    expect(after.hashSecret).toBe(before.hashSecret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.rotating`)).toBe(false);
  });

  test("is all or nothing: one letter that will not unwrap leaves every key and the file as they were", async () => {
    const good = await createLetter("Good letter");
    const bad = await createLetter("Letter under some other KEK");
    await db().letter.update({ where: { id: bad.id }, data: { wrappedDataKey: newWrappedDataKey(bad.id, crypto.randomBytes(32)) } });
    const keysBefore = await db().letter.findMany({ orderBy: { id: "asc" }, select: { id: true, wrappedDataKey: true } });
    const kekBefore = Buffer.from(config().keyEncryptionKey);
    const fileBefore = fs.readFileSync(secretsFilePath(), "utf8");

    await expect(rotateKeyEncryptionKey(crypto.randomBytes(32))).rejects.toThrow();

    expect(await db().letter.findMany({ orderBy: { id: "asc" }, select: { id: true, wrappedDataKey: true } })).toEqual(keysBefore);
    expect(config().keyEncryptionKey.equals(kekBefore)).toBe(true);
    expect(fs.readFileSync(secretsFilePath(), "utf8")).toBe(fileBefore);
    expect(fs.existsSync(`${secretsFilePath()}.rotating`)).toBe(false);
    expect(unwrapDataKey(good.id, (await db().letter.findUniqueOrThrow({ where: { id: good.id } })).wrappedDataKey!)).toHaveLength(32);
  });

  test("refuses a key of the wrong length, or the current key", async () => {
    await expect(rotateKeyEncryptionKey(crypto.randomBytes(16))).rejects.toThrow("32 bytes");
    await expect(rotateKeyEncryptionKey(Buffer.from(config().keyEncryptionKey))).rejects.toThrow("current");
  });

  test("with no letters it succeeds and re-wraps nothing", async () => {
    const newKek = crypto.randomBytes(32);
    expect(await rotateKeyEncryptionKey(newKek)).toBe(0);
    expect(config().keyEncryptionKey.equals(newKek)).toBe(true);
  });
});

test("queued mail stays deliverable across a rotation: its outbox key is re-wrapped too (decision 009)", async () => {
  const id = await enqueueMail(db(), { kind: "test", to: "rotated@personal.example", subject: "s", text: "after the rotation" });
  const before = await db().outboxMessage.findUniqueOrThrow({ where: { id }, include: { key: true } });
  const oldKek = Buffer.from(config().keyEncryptionKey);
  await rotateKeyEncryptionKey(crypto.randomBytes(32));
  const after = await db().outboxKey.findUniqueOrThrow({ where: { epoch: before.keyEpoch! } });
  expect(() => unwrapOutboxKey(after.epoch, after.wrappedKey, oldKek)).toThrow();
  const sent: string[] = [];
  await deliverDueMail({ db: db(), transport: { send: async (mail) => void sent.push(mail.text) }, from: "x@undersigned.test" });
  expect(sent).toContain("after the rotation");
});
