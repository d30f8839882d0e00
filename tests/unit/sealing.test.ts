import crypto from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  newOutboxKey,
  newWrappedDataKey,
  openMail,
  rewrapDataKey,
  rewrapOutboxKey,
  sealMail,
  sealContact,
  sealIdentity,
  unsealContact,
  unsealIdentity,
  unwrapDataKey,
  unwrapOutboxKey,
  unwrapTrusteeEnvelope,
  wrapTrusteeEnvelope,
} from "~/crypto/sealing.server";

const kek = crypto.randomBytes(32);
const otherKek = crypto.randomBytes(32);
const letterA = crypto.randomUUID();
const letterB = crypto.randomUUID();
const row = { letterId: letterA, signatureId: "sig-one" };
const identity = { name: "Grace Hopper-Lovelace", title: "Principal Engineer, Azure" };
const contact = "grace@personal.example";

const dataKeyOf = (letterId = letterA) => unwrapDataKey(letterId, newWrappedDataKey(letterId, kek), kek);

/** Every single-byte change (one bit flipped) at every position. */
function* tampered(blob: Uint8Array) {
  for (let i = 0; i < blob.length; i++) {
    const copy = new Uint8Array(blob);
    copy[i] = copy[i]! ^ 0x01;
    yield copy;
  }
}

describe("wrapped data keys", () => {
  test("unwrap to a 32-byte key under the same KEK and letter", () => {
    const wrapped = newWrappedDataKey(letterA, kek);
    expect(wrapped).toBeInstanceOf(Uint8Array);
    expect(wrapped.length).toBe(1 + 12 + 32 + 16);
    expect(wrapped[0]).toBe(1);
    expect(unwrapDataKey(letterA, wrapped, kek)).toHaveLength(32);
  });

  test("each letter gets a fresh random key", () => {
    const one = unwrapDataKey(letterA, newWrappedDataKey(letterA, kek), kek);
    const two = unwrapDataKey(letterA, newWrappedDataKey(letterA, kek), kek);
    expect(one.equals(two)).toBe(false);
  });

  test("a key wrapped for letter A does not unwrap as letter B", () => {
    const wrapped = newWrappedDataKey(letterA, kek);
    expect(() => unwrapDataKey(letterB, wrapped, kek)).toThrow();
  });

  test("a wrong KEK fails", () => {
    const wrapped = newWrappedDataKey(letterA, kek);
    expect(() => unwrapDataKey(letterA, wrapped, otherKek)).toThrow();
  });

  test("any altered byte fails, as does truncation", () => {
    const wrapped = newWrappedDataKey(letterA, kek);
    for (const bad of tampered(wrapped)) expect(() => unwrapDataKey(letterA, bad, kek)).toThrow();
    expect(() => unwrapDataKey(letterA, wrapped.subarray(0, 20), kek)).toThrow();
    expect(() => unwrapDataKey(letterA, new Uint8Array(), kek)).toThrow();
  });

  test("re-wrapping keeps the data key and moves it to the new KEK only", () => {
    const wrapped = newWrappedDataKey(letterA, kek);
    const rewrapped = rewrapDataKey(letterA, wrapped, kek, otherKek);
    expect(unwrapDataKey(letterA, rewrapped, otherKek).equals(unwrapDataKey(letterA, wrapped, kek))).toBe(true);
    expect(() => unwrapDataKey(letterA, rewrapped, kek)).toThrow();
    expect(() => rewrapDataKey(letterA, wrapped, otherKek, kek)).toThrow();
  });

  test("keys of the wrong length are refused", () => {
    expect(() => newWrappedDataKey(letterA, crypto.randomBytes(16))).toThrow("32 bytes");
    expect(() => sealIdentity(crypto.randomBytes(31), row, identity)).toThrow("32 bytes");
  });
});

describe("sealed identities", () => {
  test("round trip, including a null title", () => {
    const key = dataKeyOf();
    expect(unsealIdentity(key, row, sealIdentity(key, row, identity))).toEqual(identity);
    const bare = { name: "Ada Ł. Żółć 名前", title: null };
    expect(unsealIdentity(key, row, sealIdentity(key, row, bare))).toEqual(bare);
  });

  test("the blob is a versioned Uint8Array", () => {
    const blob = sealIdentity(dataKeyOf(), row, identity);
    expect(blob).toBeInstanceOf(Uint8Array);
    expect(blob.buffer).toBeInstanceOf(ArrayBuffer);
    expect(blob[0]).toBe(1);
  });

  test("a blob moved to another signature fails to open", () => {
    const key = dataKeyOf();
    const blob = sealIdentity(key, row, identity);
    expect(() => unsealIdentity(key, { ...row, signatureId: "sig-two" }, blob)).toThrow();
  });

  test("a blob moved to another letter fails to open, even under the same data key", () => {
    const key = dataKeyOf();
    const blob = sealIdentity(key, row, identity);
    expect(() => unsealIdentity(key, { ...row, letterId: letterB }, blob)).toThrow();
  });

  test("ids cannot be shifted between the letter and signature fields", () => {
    const key = dataKeyOf();
    const blob = sealIdentity(key, { letterId: "a", signatureId: "bc" }, identity);
    expect(() => unsealIdentity(key, { letterId: "ab", signatureId: "c" }, blob)).toThrow();
  });

  test("another letter's data key fails", () => {
    const blob = sealIdentity(dataKeyOf(letterA), row, identity);
    expect(() => unsealIdentity(dataKeyOf(letterB), row, blob)).toThrow();
  });

  test("any altered byte fails", () => {
    const key = dataKeyOf();
    const blob = sealIdentity(key, row, identity);
    for (const bad of tampered(blob)) expect(() => unsealIdentity(key, row, bad)).toThrow();
  });

  test("two seals of the same identity differ (random IV)", () => {
    const key = dataKeyOf();
    const one = Buffer.from(sealIdentity(key, row, identity));
    const two = Buffer.from(sealIdentity(key, row, identity));
    expect(one.equals(two)).toBe(false);
    expect(one.subarray(1, 13).equals(two.subarray(1, 13))).toBe(false);
  });

  test("the blob contains no plaintext", () => {
    const blob = Buffer.from(sealIdentity(dataKeyOf(), row, identity));
    for (const text of ["Grace", "Hopper", "Azure", "name", "title"]) {
      expect(blob.includes(text, 0, "utf8")).toBe(false);
      expect(blob.toString("latin1")).not.toContain(text);
    }
  });

  test("the blob's length does not give away the length of the name", () => {
    const key = dataKeyOf();
    const short = sealIdentity(key, row, { name: "Al", title: null });
    const long = sealIdentity(key, row, { name: "Maximiliane Theodora Featherstonehaugh", title: "Staff PM" });
    expect(short.length).toBe(long.length);
  });

  test("an identity sealed before contacts had their own blob still opens (its address is ignored)", () => {
    // The format of the first release: one JSON object with the contact inside.
    const key = dataKeyOf();
    const legacy = (() => {
      const json = Buffer.from(JSON.stringify({ ...identity, contactEmail: contact }));
      const plaintext = Buffer.alloc(256, " ");
      json.copy(plaintext);
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
      cipher.setAAD(Buffer.from(JSON.stringify(["undersigned/sealed-identity", 1, row.letterId, row.signatureId])));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return new Uint8Array(Buffer.concat([Buffer.of(1), iv, body, cipher.getAuthTag()]));
    })();
    expect(unsealIdentity(key, row, legacy)).toEqual(identity);
  });
});

describe("sealed contact addresses", () => {
  test("round trip, in a padded blob with no plaintext", () => {
    const key = dataKeyOf();
    const blob = sealContact(key, row, contact);
    expect(unsealContact(key, row, blob)).toBe(contact);
    expect(blob.length).toBe(sealContact(key, row, "a@b.example").length);
    for (const text of ["grace", "personal.example"]) expect(Buffer.from(blob).toString("latin1")).not.toContain(text);
  });

  test("a contact blob does not open as an identity, nor an identity as a contact", () => {
    const key = dataKeyOf();
    expect(() => unsealIdentity(key, row, sealContact(key, row, contact))).toThrow();
    expect(() => unsealContact(key, row, sealIdentity(key, row, identity))).toThrow();
  });

  test("moved to another signature or letter, or altered, it fails to open", () => {
    const key = dataKeyOf();
    const blob = sealContact(key, row, contact);
    expect(() => unsealContact(key, { ...row, signatureId: "sig-two" }, blob)).toThrow();
    expect(() => unsealContact(key, { ...row, letterId: letterB }, blob)).toThrow();
    expect(() => unsealContact(dataKeyOf(letterB), row, blob)).toThrow();
    for (const bad of tampered(blob)) expect(() => unsealContact(key, row, bad)).toThrow();
  });
});

describe("sealed mail and outbox keys (decision 009)", () => {
  const mail = { to: "ada@personal.example", subject: "Your receipt", text: "https://letters.example/receipt/abc.def", html: null };
  const outboxRow = { id: "outbox-one", kind: "signature-receipt" };

  test("opens under its epoch's key, for its own row and kind only", () => {
    const { key, wrapped } = newOutboxKey(7, kek);
    const blob = sealMail(key, outboxRow, mail);
    expect(Buffer.from(blob).toString("latin1")).not.toContain("personal.example");
    expect(openMail(unwrapOutboxKey(7, wrapped, kek), outboxRow, blob)).toEqual(mail);
    expect(() => openMail(key, { ...outboxRow, id: "outbox-two" }, blob)).toThrow();
    expect(() => openMail(key, { ...outboxRow, kind: "letter-closed" }, blob)).toThrow();
    for (const altered of tampered(blob)) expect(() => openMail(key, outboxRow, altered)).toThrow();
  });

  test("a wrapped outbox key opens for its epoch and KEK only, and is never a letter's data key", () => {
    const { wrapped } = newOutboxKey(7, kek);
    expect(() => unwrapOutboxKey(8, wrapped, kek)).toThrow();
    expect(() => unwrapOutboxKey(7, wrapped, otherKek)).toThrow();
    expect(() => unwrapDataKey("7", wrapped, kek)).toThrow();
    const rewrapped = rewrapOutboxKey(7, wrapped, kek, otherKek);
    expect(unwrapOutboxKey(7, rewrapped, otherKek).equals(unwrapOutboxKey(7, wrapped, kek))).toBe(true);
  });
});

describe("wrapped trustee envelopes (decision 015)", () => {
  // Any bytes stand for an envelope here: the wrapping neither reads nor checks it.
  const envelope = new Uint8Array(crypto.randomBytes(1400));

  test("round trip: the very envelope comes back, as a plain Uint8Array", () => {
    const key = dataKeyOf();
    const wrapped = wrapTrusteeEnvelope(key, row, envelope);
    const back = unwrapTrusteeEnvelope(key, row, wrapped);
    expect(Buffer.from(back).equals(Buffer.from(envelope))).toBe(true);
    expect(Object.getPrototypeOf(back)).toBe(Uint8Array.prototype);
    // Versioned like the other blobs: version | IV | ciphertext | tag.
    expect(wrapped[0]).toBe(1);
    expect(wrapped.length).toBe(1 + 12 + envelope.length + 16);
  });

  test("bound to its signature and letter, and to the data key", () => {
    const key = dataKeyOf();
    const wrapped = wrapTrusteeEnvelope(key, row, envelope);
    expect(() => unwrapTrusteeEnvelope(key, { ...row, signatureId: "sig-two" }, wrapped)).toThrow();
    expect(() => unwrapTrusteeEnvelope(key, { ...row, letterId: letterB }, wrapped)).toThrow();
    expect(() => unwrapTrusteeEnvelope(dataKeyOf(letterB), row, wrapped)).toThrow();
    for (const bad of tampered(wrapped.subarray(0, 64))) {
      const altered = new Uint8Array(wrapped);
      altered.set(bad);
      expect(() => unwrapTrusteeEnvelope(key, row, altered)).toThrow();
    }
  });

  test("a wrapped envelope never opens as a sealed identity or contact, nor they as an envelope", () => {
    const key = dataKeyOf();
    const wrapped = wrapTrusteeEnvelope(key, row, envelope);
    expect(() => unsealIdentity(key, row, wrapped)).toThrow();
    expect(() => unsealContact(key, row, wrapped)).toThrow();
    expect(() => unwrapTrusteeEnvelope(key, row, sealIdentity(key, row, identity))).toThrow();
    expect(() => unwrapTrusteeEnvelope(key, row, sealContact(key, row, contact))).toThrow();
  });
});
