// The trustee module's browser bundle in Chromium (issue 15): loaded with
// Subresource Integrity from a page of its own, it makes key files at the real
// scrypt cost, seals and opens shares, and the server's copy opens what it sealed.
// A bundle whose bytes differ from the manifest's integrity never runs. Timings are
// printed for the record: scrypt at N=2^17 and opening shares, in this browser.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkShare, fromBase64Url, openWithShares, shareFor, toBase64Url, type TrusteeKey } from "~/crypto/trustee";
import { buildTrusteeCrypto } from "../../scripts/build-trustee-crypto.mjs";
import type { UndersignedCryptoApi } from "~/crypto/trustee/browser";
import { newPage, openBrowser } from "./support/browser";

type Manifest = { src: string; integrity: string; sha256: string };
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "trustee-browser-"));
let manifest: Manifest;
let server: http.Server;
let url: string;
let browser: Awaited<ReturnType<typeof openBrowser>>;

const page = (integrity: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>trustee crypto</title><script src="${manifest.src}" integrity="${integrity}"></script></head><body></body></html>`;

beforeAll(async () => {
  manifest = (await buildTrusteeCrypto(outDir)) as Manifest;
  const script = fs.readFileSync(path.join(outDir, path.basename(manifest.src)));
  server = http.createServer((req, res) => {
    if (req.url === manifest.src) res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(page(manifest.integrity));
    else if (req.url === "/tampered") res.writeHead(200, { "content-type": "text/html" }).end(page(`sha384-${"A".repeat(64)}`));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // 127.0.0.1 is a secure context, so the page has WebCrypto as over HTTPS.
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

test("a bundle that does not match its integrity value never runs", async () => {
  const { page: tab, problems } = await newPage(browser.context, url);
  await tab.goto(`${url}/tampered`);
  expect(await tab.evaluate(() => typeof (window as { UndersignedCrypto?: unknown }).UndersignedCrypto)).toBe("undefined");
  expect(problems.join("\n")).toMatch(/integrity/i);
});

type Api = UndersignedCryptoApi;
type Held = { keys: TrusteeKey[] };

test("Chromium makes and opens key files, seals and opens shares; the server opens what it sealed", async () => {
  const { page: tab, problems } = await newPage(browser.context, url);
  await tab.goto(url);
  const letterId = "e2e-letter";
  const textHash = "ab".repeat(32);
  const count = 500;

  // The trustees' and signers' side, in the browser; the keys stay in the page.
  const sealed = await tab.evaluate(
    async ({ letterId, textHash, count }) => {
      const api = (window as unknown as { UndersignedCrypto: Api }).UndersignedCrypto;
      const passphrase = "a long enough passphrase";
      const timed = async <T>(run: () => Promise<T>) => {
        const started = performance.now();
        const value = await run();
        return [value, performance.now() - started] as const;
      };
      // One key at the real cost, for the timing; the others cheaper.
      const [real, createMs] = await timed(() => api.createTrusteeKey({ passphrase, letterId, trusteeId: "t1" }));
      const [realKey, openMs] = await timed(() => api.openKeyFile(real.keyFile, passphrase, { letterId, trusteeId: "t1" }));
      const made = [real];
      const keys = [realKey];
      for (const trusteeId of ["t2", "t3"]) {
        const m = await api.createTrusteeKey({ passphrase, letterId, trusteeId, scryptLogN: 14 });
        made.push(m);
        keys.push(await api.openKeyFile(m.keyFile, passphrase, { letterId, trusteeId }));
      }
      (window as unknown as { held: Held }).held = { keys };
      const trustees = made.map((m, i) => ({ id: `t${i + 1}`, publicKey: m.publicKey }));
      const envelopes: string[] = [];
      const [, sealMs] = await timed(async () => {
        for (let i = 0; i < count; i++) {
          const at = { letterId, signatureId: `s${i}`, textHash, threshold: 2, trustees };
          envelopes.push(api.toBase64Url(await api.sealForTrustees({ name: `Signer ${i}`, title: null }, at)));
        }
      });
      return { createMs, openMs, sealMs: sealMs / count, envelopes };
    },
    { letterId, textHash, count },
  );

  // The server hands trustees t1 and t3 their sealed shares; their browsers open them.
  const envelopes = sealed.envelopes.map((e) => fromBase64Url(e, 4096)!);
  const opened = await tab.evaluate(
    async ({ letterId, batches }) => {
      const api = (window as unknown as { UndersignedCrypto: Api }).UndersignedCrypto;
      const { keys } = (window as unknown as { held: Held }).held;
      const started = performance.now();
      const shares: string[][] = [];
      for (const { index, sealedShares } of batches) {
        const items = sealedShares.map((s, i) => ({ signatureId: `s${i}`, sealedShare: api.fromBase64Url(s)! }));
        const out = await api.openShares(keys[index]!, items, { letterId, trusteeId: `t${index + 1}` });
        shares.push(out.map((o) => api.toBase64Url(o.share)));
      }
      return { shares, ms: performance.now() - started };
    },
    {
      letterId,
      batches: [0, 2].map((index) => ({ index, sealedShares: envelopes.map((e) => toBase64Url(shareFor(e, `t${index + 1}`))) })),
    },
  );

  // The server checks each share as it arrives, then opens with k = 2 of them.
  for (const i of [0, 7, count - 1]) {
    const shares = opened.shares.map((s) => fromBase64Url(s[i]!)!);
    for (const [n, share] of shares.entries()) {
      expect(await checkShare(envelopes[i]!, { letterId, signatureId: `s${i}`, trusteeId: ["t1", "t3"][n]! }, share)).toBe(true);
    }
    expect(await openWithShares(envelopes[i]!, shares, { letterId, signatureId: `s${i}`, textHash })).toEqual({
      name: `Signer ${i}`,
      title: null,
    });
  }
  expect(problems).toEqual([]);
  console.log(
    `Chromium: key file at N=2^17 made in ${Math.round(sealed.createMs)} ms, opened in ${Math.round(sealed.openMs)} ms; ` +
      `seal (n=3, k=2) ${sealed.sealMs.toFixed(2)} ms per signature; open ${(opened.ms / (2 * count)).toFixed(3)} ms per share`,
  );
});
