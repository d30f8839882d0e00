// Costs of the trustee module (issue 15) in Node, one process, one core at a time:
//   npx tsx bench/trustee-crypto.ts [shares=10000]
// What it prints: making a key file at the real scrypt cost (N=2^17, r=8, p=1) and
// opening it; sealing one signature for n=3, k=2 and for n=9, k=5; one trustee
// opening its sealed shares (what its browser does at the threshold); the server
// checking an uploaded share; and the server opening one signature from k shares.
// Chromium's figures come from tests/e2e/trustee-crypto-browser.test.ts.
import {
  checkShare,
  createTrusteeKey,
  openKeyFile,
  openShares,
  openWithShares,
  sealForTrustees,
  shareFor,
  type TrusteeKey,
} from "~/crypto/trustee";

const SHARES = Number(process.argv[2] ?? 10_000);
const letterId = "bench-letter";
const textHash = "ab".repeat(32);
const passphrase = "a bench passphrase, long enough";

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 0)} ms`;

async function trustees(count: number, scryptLogN = 14) {
  const out: { id: string; publicKey: Uint8Array; key: TrusteeKey }[] = [];
  for (let i = 1; i <= count; i++) {
    const made = await createTrusteeKey({ passphrase, letterId, trusteeId: `t${i}`, scryptLogN });
    out.push({
      id: `t${i}`,
      publicKey: made.publicKey,
      key: await openKeyFile(made.keyFile, passphrase, { letterId, trusteeId: `t${i}` }),
    });
  }
  return out;
}

const [made, createMs] = await timed(() => createTrusteeKey({ passphrase, letterId, trusteeId: "real" }));
const [, openKeyMs] = await timed(() => openKeyFile(made.keyFile, passphrase, { letterId, trusteeId: "real" }));
console.log(`key file, scrypt N=2^17 r=8 p=1: made in ${ms(createMs)}, opened in ${ms(openKeyMs)}`);

for (const [n, k] of [
  [3, 2],
  [9, 5],
]) {
  const group = await trustees(n!);
  const refs = group.map((t) => ({ id: t.id, publicKey: t.publicKey }));
  const rounds = 300;
  const envelopes: Uint8Array[] = [];
  const [, sealMs] = await timed(async () => {
    for (let i = 0; i < rounds; i++)
      envelopes.push(
        await sealForTrustees(
          { name: `Signer ${i}`, title: "Engineer" },
          { letterId, signatureId: `s${i}`, textHash, threshold: k!, trustees: refs },
        ),
      );
  });
  console.log(`seal, n=${n} k=${k}: ${ms(sealMs / rounds)} per signature (envelope ${envelopes[0]!.length} bytes)`);
}

const group = await trustees(3);
const refs = group.map((t) => ({ id: t.id, publicKey: t.publicKey }));
const envelopes: Uint8Array[] = [];
for (let i = 0; i < SHARES; i++)
  envelopes.push(
    await sealForTrustees({ name: `Signer ${i}`, title: null }, { letterId, signatureId: `s${i}`, textHash, threshold: 2, trustees: refs }),
  );

const opened: { signatureId: string; share: Uint8Array }[][] = [];
for (const t of group.slice(0, 2)) {
  const items = envelopes.map((e, i) => ({ signatureId: `s${i}`, sealedShare: shareFor(e, t.id) }));
  const [shares, openMs] = await timed(() => openShares(t.key, items, { letterId, trusteeId: t.id }));
  opened.push(shares);
  console.log(`open shares, trustee ${t.id}: ${SHARES} in ${ms(openMs)}, ${ms(openMs / SHARES)} per share`);
}

const [, checkMs] = await timed(async () => {
  for (let i = 0; i < SHARES; i++)
    await checkShare(envelopes[i]!, { letterId, signatureId: `s${i}`, trusteeId: "t1" }, opened[0]![i]!.share);
});
console.log(`check share (server, at upload): ${ms(checkMs / SHARES)} per share`);

const [, revealMs] = await timed(async () => {
  for (let i = 0; i < SHARES; i++)
    await openWithShares(envelopes[i]!, [opened[0]![i]!.share, opened[1]![i]!.share], { letterId, signatureId: `s${i}`, textHash });
});
console.log(`open with k=2 shares (server, at the reveal): ${ms(revealMs / SHARES)} per signature, ${ms(revealMs)} for ${SHARES}`);
