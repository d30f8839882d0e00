// The trustee module (issue 15) by example: a round trip, each way a key file can be
// the wrong one, shares that belong elsewhere, and the envelope's size. Properties
// over any k-of-n and hostile bytes: trustee-crypto.property.test.ts.
import { beforeAll, describe, expect, test } from "vitest";
import {
  checkShare,
  createTrusteeKey,
  envelopeInfo,
  envelopeSize,
  fingerprint,
  openKeyFile,
  openShares,
  openWithShares,
  PASSPHRASE_MIN_LENGTH,
  sealForTrustees,
  shareFor,
} from "~/crypto/trustee";
import { makeTrustees, PASSPHRASE, refs, sealAndOpen, type TestTrustee, TEXT_HASH } from "../support/trustee-keys";

const letterId = "8d3c1e52-6f0b-4a57-9d7e-1b2c3d4e5f60";
const otherLetterId = "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9";
let trustees: TestTrustee[];
const reasonOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: { reason?: string }) => error.reason ?? String(error),
  );

beforeAll(async () => {
  trustees = await makeTrustees(letterId, ["alice", "bob", "carol"]);
});

describe("sealing for trustees", () => {
  test("opens with any two of three trustees' shares, and not with one", async () => {
    const identity = { name: "Grace Hopper", title: "Rear Admiral" };
    const { envelope, shares } = await sealAndOpen(trustees, { letterId, signatureId: "sig-1", threshold: 2 }, identity);
    const at = { letterId, signatureId: "sig-1", textHash: TEXT_HASH };
    for (const pair of [
      ["alice", "bob"],
      ["bob", "carol"],
      ["carol", "alice"],
    ]) {
      expect(
        await openWithShares(
          envelope,
          pair.map((id) => shares.get(id)!),
          at,
        ),
      ).toEqual(identity);
    }
    for (const id of ["alice", "bob", "carol"]) {
      expect(await reasonOf(openWithShares(envelope, [shares.get(id)!], at))).toBe("not-enough-shares");
      // The same share twice is still one trustee's share.
      expect(await reasonOf(openWithShares(envelope, [shares.get(id)!, shares.get(id)!], at))).toBe("not-enough-shares");
    }
    expect(envelopeInfo(envelope)).toEqual({ threshold: 2, trusteeIds: ["alice", "bob", "carol"] });
  });

  test("a title of null comes back as null; the text hash and signature are bound", async () => {
    const { envelope, shares } = await sealAndOpen(
      trustees,
      { letterId, signatureId: "sig-2", threshold: 3 },
      { name: "Ümit Çelik 李雷", title: null },
    );
    const all = [...shares.values()];
    expect(await openWithShares(envelope, all, { letterId, signatureId: "sig-2", textHash: TEXT_HASH })).toEqual({
      name: "Ümit Çelik 李雷",
      title: null,
    });
    expect(await reasonOf(openWithShares(envelope, all, { letterId, signatureId: "sig-2", textHash: "0".repeat(64) }))).toBe("not-opened");
    // Under another signature's id the shares match no digest at all.
    expect(await reasonOf(openWithShares(envelope, all, { letterId, signatureId: "sig-3", textHash: TEXT_HASH }))).toBe(
      "not-enough-shares",
    );
  });

  test("every envelope of a letter has the same size, whatever the name", async () => {
    const sizes = new Set<number>();
    for (const name of ["A", "Jo Li", "Maximilian Alexander von Hohenzollern-Sigmaringen", "李".repeat(120)]) {
      const envelope = await sealForTrustees(
        { name, title: name.length > 5 ? "界".repeat(120) : null },
        { letterId, signatureId: "sig-size", textHash: TEXT_HASH, threshold: 2, trustees: refs(trustees) },
      );
      sizes.add(envelope.length);
    }
    expect([...sizes]).toEqual([envelopeSize(["alice", "bob", "carol"])]);
  });

  test("refuses what it cannot seal honestly", async () => {
    const at = { letterId, signatureId: "sig-x", textHash: TEXT_HASH, threshold: 2, trustees: refs(trustees) };
    const tooLong = { name: "界".repeat(400), title: null };
    expect(await reasonOf(sealForTrustees(tooLong, at))).toBe("identity");
    expect(await reasonOf(sealForTrustees({ name: 42, title: null } as never, at))).toBe("identity");
    expect(await reasonOf(sealForTrustees({ name: "A", title: null }, { ...at, threshold: 1 }))).toBe("threshold");
    expect(await reasonOf(sealForTrustees({ name: "A", title: null }, { ...at, threshold: 4 }))).toBe("threshold");
    expect(await reasonOf(sealForTrustees({ name: "A", title: null }, { ...at, threshold: 2.5 }))).toBe("threshold");
    expect(await reasonOf(sealForTrustees({ name: "A", title: null }, { ...at, trustees: refs(trustees).slice(0, 1) }))).toBe("trustees");
    const twice = refs(trustees);
    expect(await reasonOf(sealForTrustees({ name: "A", title: null }, { ...at, trustees: [...twice, { ...twice[0]!, id: "dave" }] }))).toBe(
      "trustees",
    );
    expect(
      await reasonOf(
        sealForTrustees({ name: "A", title: null }, { ...at, trustees: [...twice, { ...twice[1]!, publicKey: new Uint8Array(32) }] }),
      ),
    ).toBe("trustees");
    expect(
      await reasonOf(
        sealForTrustees({ name: "A", title: null }, { ...at, trustees: [...twice, { id: "dave", publicKey: new Uint8Array(31) }] }),
      ),
    ).toBe("trustees");
    expect(await reasonOf(sealForTrustees({ name: "A", title: null }, { ...at, signatureId: "" }))).toBe("ids");
    expect(
      await reasonOf(
        sealForTrustees(
          { name: "A", title: null },
          { ...at, trustees: [...twice, { id: "da ve", publicKey: new Uint8Array(32).fill(9) }] },
        ),
      ),
    ).toBe("ids");
  });
});

describe("key files", () => {
  test("the default cost (scrypt N=2^17) makes a file that opens with its passphrase, typed in any Unicode form", async () => {
    const passphrase = "Crème brûlée à la française";
    const made = await createTrusteeKey({ passphrase, letterId, trusteeId: "dora" });
    const file = JSON.parse(made.keyFile) as { kdf: { N: number; r: number; p: number }; publicKey: string; fingerprint: string };
    expect(file.kdf).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    expect(made.fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    expect(file.fingerprint).toBe(made.fingerprint);
    expect(await fingerprint(made.publicKey)).toBe(made.fingerprint);
    const key = await openKeyFile(made.keyFile, passphrase.normalize("NFD"), { letterId, trusteeId: "dora" });
    expect(key.publicKey).toEqual(made.publicKey);
    expect(key.fingerprint).toBe(made.fingerprint);
  });

  test("the wrong passphrase, letter or trustee each say so", async () => {
    const { keyFile } = trustees[0]!;
    expect(await reasonOf(openKeyFile(keyFile, "not the passphrase", { letterId, trusteeId: "alice" }))).toBe("passphrase");
    expect(await reasonOf(openKeyFile(keyFile, "short", { letterId, trusteeId: "alice" }))).toBe("passphrase");
    expect(await reasonOf(openKeyFile(keyFile, PASSPHRASE, { letterId: otherLetterId, trusteeId: "alice" }))).toBe("other-letter");
    expect(await reasonOf(openKeyFile(keyFile, PASSPHRASE, { letterId, trusteeId: "bob" }))).toBe("other-trustee");
    expect(await reasonOf(openKeyFile(trustees[1]!.keyFile, PASSPHRASE, { letterId, trusteeId: "alice" }))).toBe("other-trustee");
  });

  test("an edited key file does not open", async () => {
    const file = JSON.parse(trustees[0]!.keyFile) as Record<string, unknown>;
    const edited = (change: Record<string, unknown>) => JSON.stringify({ ...file, ...change });
    const open = (text: string) => reasonOf(openKeyFile(text, PASSPHRASE, { letterId, trusteeId: "alice" }));
    // Another trustee's public key: the fingerprint no longer matches.
    expect(await open(edited({ publicKey: JSON.parse(trustees[1]!.keyFile).publicKey }))).toBe("format");
    // Public key and fingerprint both swapped: the sealed key's associated data no longer matches.
    const bob = JSON.parse(trustees[1]!.keyFile) as Record<string, unknown>;
    expect(await open(edited({ publicKey: bob.publicKey, fingerprint: bob.fingerprint }))).toBe("passphrase");
    // A cheaper scrypt than the file was made with derives another key.
    expect(await open(edited({ kdf: { ...(file.kdf as object), N: 2 ** 15 } }))).toBe("passphrase");
    expect(await open(edited({ version: 2 }))).toBe("format");
    expect(await open(edited({ sealedPrivateKey: "AAAA" }))).toBe("format");
  });

  test("a passphrase shorter than the minimum is refused when the key is made", async () => {
    const short = "x".repeat(PASSPHRASE_MIN_LENGTH - 1);
    expect(await reasonOf(createTrusteeKey({ passphrase: short, letterId, trusteeId: "eve" }))).toBe("passphrase");
    // Counted in characters, not UTF-16 units: eleven emoji are still eleven.
    expect(await reasonOf(createTrusteeKey({ passphrase: "🔑".repeat(PASSPHRASE_MIN_LENGTH - 1), letterId, trusteeId: "eve" }))).toBe(
      "passphrase",
    );
    expect(await reasonOf(createTrusteeKey({ passphrase: PASSPHRASE, letterId, trusteeId: "eve", scryptLogN: 12 }))).toBe("options");
  });
});

describe("shares", () => {
  test("checkShare accepts a trustee's own share only, for its own signature and letter", async () => {
    const one = await sealAndOpen(trustees, { letterId, signatureId: "sig-a", threshold: 2 });
    const two = await sealAndOpen(trustees, { letterId, signatureId: "sig-b", threshold: 2 });
    const alice = one.shares.get("alice")!;
    expect(await checkShare(one.envelope, { letterId, signatureId: "sig-a", trusteeId: "alice" }, alice)).toBe(true);
    expect(await checkShare(one.envelope, { letterId, signatureId: "sig-a", trusteeId: "bob" }, alice)).toBe(false);
    expect(await checkShare(two.envelope, { letterId, signatureId: "sig-b", trusteeId: "alice" }, alice)).toBe(false);
    expect(await checkShare(one.envelope, { letterId: otherLetterId, signatureId: "sig-a", trusteeId: "alice" }, alice)).toBe(false);
    expect(await checkShare(one.envelope, { letterId, signatureId: "sig-a", trusteeId: "mallory" }, alice)).toBe(false);
    expect(await checkShare(one.envelope, { letterId, signatureId: "sig-a", trusteeId: "alice" }, alice.subarray(1))).toBe(false);
    const flipped = new Uint8Array(alice);
    flipped[5]! ^= 1;
    expect(await checkShare(one.envelope, { letterId, signatureId: "sig-a", trusteeId: "alice" }, flipped)).toBe(false);
    // Nor do another signature's shares open this one.
    const mixed = [one.shares.get("alice")!, two.shares.get("bob")!];
    expect(await reasonOf(openWithShares(one.envelope, mixed, { letterId, signatureId: "sig-a", textHash: TEXT_HASH }))).toBe(
      "not-enough-shares",
    );
  });

  test("openShares refuses a sealed share from another signature, trustee or letter", async () => {
    const { envelope } = await sealAndOpen(trustees, { letterId, signatureId: "sig-c", threshold: 2 });
    const [alice, bob] = [trustees[0]!, trustees[1]!];
    const own = { letterId, trusteeId: "alice" };
    // Presented as another signature's share.
    const moved = openShares(alice.key, [{ signatureId: "sig-d", sealedShare: shareFor(envelope, "alice") }], own);
    await expect(moved).rejects.toMatchObject({ reason: "not-opened", signatureId: "sig-d" });
    // Another trustee's share, or a key used for a letter it was not made for.
    expect(await reasonOf(openShares(alice.key, [{ signatureId: "sig-c", sealedShare: shareFor(envelope, "bob") }], own))).toBe(
      "not-opened",
    );
    expect(await reasonOf(openShares(bob.key, [{ signatureId: "sig-c", sealedShare: shareFor(envelope, "bob") }], own))).toBe(
      "other-trustee",
    );
    expect(await reasonOf(openShares(alice.key, [], { letterId: otherLetterId, trusteeId: "alice" }))).toBe("other-letter");
    // The same public keys registered for another letter: its shares are bound to that letter.
    const elsewhere = await sealForTrustees(
      { name: "B", title: null },
      { letterId: otherLetterId, signatureId: "sig-c", textHash: TEXT_HASH, threshold: 2, trustees: refs(trustees) },
    );
    expect(await reasonOf(openShares(alice.key, [{ signatureId: "sig-c", sealedShare: shareFor(elsewhere, "alice") }], own))).toBe(
      "not-opened",
    );
    expect(() => shareFor(envelope, "mallory")).toThrow(expect.objectContaining({ reason: "unknown-trustee" }));
  });

  test("openShares reports progress and keeps the order of its items", async () => {
    const sealed = [];
    for (let i = 0; i < 40; i++) {
      const envelope = await sealForTrustees(
        { name: `Signer ${i}`, title: null },
        { letterId, signatureId: `sig-${i}`, textHash: TEXT_HASH, threshold: 2, trustees: refs(trustees) },
      );
      sealed.push({ signatureId: `sig-${i}`, envelope });
    }
    const progress: number[] = [];
    const items = sealed.map((s) => ({ signatureId: s.signatureId, sealedShare: shareFor(s.envelope, "carol") }));
    const opened = await openShares(trustees[2]!.key, items, { letterId, trusteeId: "carol" }, (done, total) =>
      progress.push(done / total),
    );
    expect(opened.map((o) => o.signatureId)).toEqual(sealed.map((s) => s.signatureId));
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    for (const [i, o] of opened.entries()) {
      expect(await checkShare(sealed[i]!.envelope, { letterId, signatureId: o.signatureId, trusteeId: "carol" }, o.share)).toBe(true);
    }
  });
});
