// The server's fast path (app/crypto/trustee/open-fast.server.ts) against the
// isomorphic module it stands in for (open.ts): on random letters, any k of n shares
// open to the same identity through both, k − 1 through neither; any changed bit of
// an envelope or share is refused by both; checkShareFast says what checkShare says.
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { checkShare, openWithShares } from "~/crypto/trustee";
import { checkShareFast, openWithSharesFast, parseEnvelope } from "~/crypto/trustee/open-fast.server";
import { makeTrustees, sealAndOpen, type TestTrustee, TEXT_HASH } from "../support/trustee-keys";

const letterId = "c0ffee00-1234-4abc-8def-0123456789ab";
const ids = ["t1", "t2", "t3", "t4", "t5"];
let pool: TestTrustee[];

beforeAll(async () => {
  pool = await makeTrustees(letterId, ids);
});

const outcome = async (promise: Promise<unknown>) =>
  promise.then(
    (value) => JSON.stringify(value),
    (error: { reason?: string }) => `refused:${error.reason === "not-enough-shares" ? "not-enough-shares" : "refused"}`,
  );

const shape = fc
  .integer({ min: 2, max: 5 })
  .chain((n) => fc.tuple(fc.shuffledSubarray(ids, { minLength: n, maxLength: n }), fc.integer({ min: 2, max: n }), fc.nat(), fc.string()));

describe("the fast path agrees with openWithShares", () => {
  test.prop([shape], { numRuns: 40 })("k shares open, k − 1 do not, through both", async ([chosen, k, seed, name]) => {
    const trustees = chosen.map((id) => pool.find((t) => t.id === id)!);
    const signatureId = `sig-${seed}`;
    const { envelope, shares } = await sealAndOpen(trustees, { letterId, signatureId, threshold: k }, { name, title: null });
    const at = { letterId, signatureId, textHash: TEXT_HASH };
    const rotated = [...chosen.slice(seed % chosen.length), ...chosen.slice(0, seed % chosen.length)];
    const enough = rotated.slice(0, k).map((id) => shares.get(id)!);
    const tooFew = enough.slice(0, k - 1);
    expect(
      await outcome(
        openWithSharesFast(
          envelope,
          enough.map((s) => new Uint8Array(s)),
          at,
        ),
      ),
    ).toBe(
      await outcome(
        openWithShares(
          envelope,
          enough.map((s) => new Uint8Array(s)),
          at,
        ),
      ),
    );
    expect(
      await outcome(
        openWithSharesFast(
          envelope,
          enough.map((s) => new Uint8Array(s)),
          at,
        ),
      ),
    ).toBe(JSON.stringify({ name, title: null }));
    expect(await outcome(openWithSharesFast(envelope, tooFew, at))).toBe("refused:not-enough-shares");
    // Another signature's or text's context opens nothing.
    expect(await outcome(openWithSharesFast(envelope, enough, { ...at, signatureId: "other" }))).toMatch(/^refused/);
    expect(await outcome(openWithSharesFast(envelope, enough, { ...at, textHash: "f".repeat(64) }))).toMatch(/^refused/);
  });

  let sealed: { envelope: Uint8Array; shares: Map<string, Uint8Array> };
  const at = { letterId, signatureId: "sig-t", textHash: TEXT_HASH };
  beforeAll(async () => {
    sealed = await sealAndOpen(pool.slice(0, 4), { letterId, signatureId: "sig-t", threshold: 3 });
  });

  test.prop([fc.nat(), fc.integer({ min: 0, max: 7 })], { numRuns: 300 })(
    "an envelope with any bit flipped is refused by both, alike",
    async (at_, bit) => {
      const tampered = new Uint8Array(sealed.envelope);
      tampered[at_ % tampered.length]! ^= 1 << bit;
      const shares = () => ["t1", "t2", "t3", "t4"].map((id) => new Uint8Array(sealed.shares.get(id)!));
      const slow = await outcome(openWithShares(tampered, shares(), at));
      const fast = await outcome(openWithSharesFast(tampered, shares(), at));
      expect(slow).toMatch(/^refused/);
      expect(fast).toMatch(/^refused/);
    },
  );

  test.prop([fc.constantFrom("t1", "t2", "t3", "t4"), fc.nat(), fc.integer({ min: 0, max: 7 })], { numRuns: 200 })(
    "checkShareFast says what checkShare says, for real and altered shares",
    async (trusteeId, at_, bit) => {
      const real = sealed.shares.get(trusteeId)!;
      const altered = new Uint8Array(real);
      altered[at_ % altered.length]! ^= 1 << bit;
      const parsed = parseEnvelope(sealed.envelope);
      for (const [share, ctx] of [
        [real, { ...at, trusteeId }],
        [altered, { ...at, trusteeId }],
        [real, { ...at, trusteeId: trusteeId === "t1" ? "t2" : "t1" }],
        [real, { ...at, trusteeId, signatureId: "another" }],
      ] as const) {
        expect(checkShareFast(parsed, ctx, share)).toBe(await checkShare(sealed.envelope, ctx, share));
      }
      expect(checkShareFast(parsed, { ...at, trusteeId }, real)).toBe(true);
    },
  );
});
