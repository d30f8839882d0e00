// Properties of the trustee module (issue 15) where the example tests pick a few
// cases: any k of any n trustees open a signature and k − 1 never do; any changed bit
// of an envelope makes it fail; any name fits the same envelope size; and hostile
// bytes or key files fail fast with a typed error instead of hanging.
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { envelopeInfo, envelopeSize, openKeyFile, openShares, openWithShares, sealForTrustees, shareFor } from "~/crypto/trustee";
import { makeTrustees, PASSPHRASE, refs, sealAndOpen, type TestTrustee, TEXT_HASH } from "../support/trustee-keys";

const letterId = "c0ffee00-1234-4abc-8def-0123456789ab";
const ids = ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];
let pool: TestTrustee[];

beforeAll(async () => {
  pool = await makeTrustees(letterId, ids);
});

const reasonOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: { reason?: string }) => error.reason ?? String(error),
  );

// n trustees (2–9) drawn from the pool in any order, a threshold k in [2, n], and a seed to pick subsets with.
const letterShape = fc
  .integer({ min: 2, max: 9 })
  .chain((n) =>
    fc.tuple(fc.shuffledSubarray(ids, { minLength: n, maxLength: n }), fc.integer({ min: 2, max: n }), fc.infiniteStream(fc.nat())),
  );

function pick<T>(items: T[], count: number, randoms: Iterator<number>) {
  const rest = [...items];
  return Array.from({ length: count }, () => rest.splice(randoms.next().value % rest.length, 1)[0]!);
}

describe("k of n", () => {
  test.prop([letterShape], { numRuns: 40 })("any k trustees' shares open it; any k − 1 do not", async ([chosen, k, stream]) => {
    const trustees = chosen.map((id) => pool.find((t) => t.id === id)!);
    const identity = { name: `Signer of ${chosen.join(",")}`, title: `k=${k}` };
    const { envelope, shares } = await sealAndOpen(trustees, { letterId, signatureId: "sig-p", threshold: k }, identity);
    expect(envelopeInfo(envelope)).toEqual({ threshold: k, trusteeIds: chosen });
    expect(envelope.length).toBe(envelopeSize(chosen));

    const randoms = stream[Symbol.iterator]();
    const at = { letterId, signatureId: "sig-p", textHash: TEXT_HASH };
    const junk = crypto.getRandomValues(new Uint8Array(33));
    const enough = pick(chosen, k + (randoms.next().value % (chosen.length - k + 1)), randoms).map((id) => shares.get(id)!);
    expect(await openWithShares(envelope, [junk, ...enough], at)).toEqual(identity);

    const tooFew = pick(chosen, k - 1, randoms).map((id) => shares.get(id)!);
    expect(await reasonOf(openWithShares(envelope, [...tooFew, junk, ...tooFew], at))).toBe("not-enough-shares");
  });
});

describe("tampering", () => {
  let sealed: { envelope: Uint8Array; shares: Map<string, Uint8Array> };
  beforeAll(async () => {
    sealed = await sealAndOpen(pool.slice(0, 4), { letterId, signatureId: "sig-t", threshold: 3 });
  });

  test.prop([fc.nat(), fc.integer({ min: 0, max: 7 })], { numRuns: 300 })(
    "any flipped bit of the envelope makes it fail to open",
    async (at, bit) => {
      const envelope = new Uint8Array(sealed.envelope);
      envelope[at % envelope.length]! ^= 1 << bit;
      const opening = openWithShares(envelope, [...sealed.shares.values()], { letterId, signatureId: "sig-t", textHash: TEXT_HASH });
      expect(["format", "not-enough-shares", "not-opened"]).toContain(await reasonOf(opening));
    },
  );

  test.prop([fc.nat(), fc.integer({ min: 0, max: 7 })], { numRuns: 100 })(
    "any flipped bit of a sealed share makes it fail to open",
    async (at, bit) => {
      const sealedShare = new Uint8Array(shareFor(sealed.envelope, "t2"));
      sealedShare[at % sealedShare.length]! ^= 1 << bit;
      const opening = openShares(pool[1]!.key, [{ signatureId: "sig-t", sealedShare }], { letterId, trusteeId: "t2" });
      expect(["format", "not-opened"]).toContain(await reasonOf(opening));
    },
  );
});

describe("sizes", () => {
  // Any text the signing form could pass (120 characters each), in any script.
  const field = fc.string({ unit: fc.constantFrom("a", "é", "李", "🙂", '"', "\\"), maxLength: 60 });
  test.prop([field, fc.option(field)], { numRuns: 30 })("an envelope's length never depends on the name", async (name, title) => {
    const envelope = await sealForTrustees(
      { name, title },
      { letterId, signatureId: "sig-s", textHash: TEXT_HASH, threshold: 2, trustees: refs(pool.slice(0, 3)) },
    );
    expect(envelope.length).toBe(envelopeSize(["t1", "t2", "t3"]));
  });
});

describe("hostile input", () => {
  const fast = async (run: () => Promise<unknown> | unknown) => {
    const started = performance.now();
    let reason: string;
    try {
      await run();
      reason = "resolved";
    } catch (error) {
      reason = (error as { reason?: string }).reason ?? String(error);
    }
    return { reason, ms: performance.now() - started };
  };

  test.prop([fc.uint8Array({ maxLength: 3000 })], { numRuns: 300 })("random bytes are not an envelope", async (bytes) => {
    for (const run of [
      () => envelopeInfo(bytes),
      () => shareFor(bytes, "t1"),
      () => openWithShares(bytes, [], { letterId, signatureId: "s", textHash: TEXT_HASH }),
    ]) {
      expect((await fast(run)).reason).toBe("format");
    }
  });

  test("every truncation of a real envelope, and a huge one, is refused at once", async () => {
    const { envelope } = await sealAndOpen(pool.slice(0, 2), { letterId, signatureId: "sig-h", threshold: 2 });
    for (let length = 0; length < envelope.length; length++) {
      expect(() => envelopeInfo(envelope.subarray(0, length))).toThrow(expect.objectContaining({ reason: "format" }));
    }
    const huge = new Uint8Array(50 * 1024 * 1024);
    huge.set(envelope);
    expect(await fast(() => envelopeInfo(huge))).toMatchObject({ reason: "format" });
    expect((await fast(() => envelopeInfo(huge))).ms).toBeLessThan(50);
    expect((await fast(() => envelopeInfo("not bytes" as never))).reason).toBe("format");
  });

  const keyFile = fc.oneof(
    fc.string({ maxLength: 500 }),
    fc.json(),
    fc
      .record({
        format: fc.constant("undersigned-trustee-key"),
        version: fc.constant(1),
        letterId: fc.constant(letterId),
        trusteeId: fc.constant("t1"),
        publicKey: fc.string(),
        fingerprint: fc.string(),
        kdf: fc.anything(),
        sealedPrivateKey: fc.string(),
      })
      .map((value) => JSON.stringify(value)),
  );
  test.prop([keyFile], { numRuns: 300 })("garbage key files fail as 'format', before any key stretching", async (text) => {
    const { reason, ms } = await fast(() => openKeyFile(text, PASSPHRASE, { letterId, trusteeId: "t1" }));
    expect(reason).toBe("format");
    expect(ms).toBeLessThan(100);
  });

  test("a key file asking for gigabytes, or itself gigantic, is refused at once", async () => {
    const file = JSON.parse(pool[0]!.keyFile) as { kdf: Record<string, unknown> };
    for (const kdf of [{ N: 2 ** 30 }, { N: 2 ** 18, r: 16 }, { N: 2 ** 17, p: 64 }, { N: 2 ** 17 + 1 }, { N: "131072" }, { N: 2 ** 10 }]) {
      const text = JSON.stringify({ ...file, kdf: { ...file.kdf, ...kdf } });
      expect(await fast(() => openKeyFile(text, PASSPHRASE, { letterId, trusteeId: "t1" }))).toMatchObject({ reason: "format" });
    }
    const big = pool[0]!.keyFile.replace('"about": "', `"about": "${"x".repeat(20 * 1024 * 1024)}`);
    const { reason, ms } = await fast(() => openKeyFile(big, PASSPHRASE, { letterId, trusteeId: "t1" }));
    expect(reason).toBe("format");
    expect(ms).toBeLessThan(50);
  });
});
