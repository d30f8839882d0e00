// The trustee module's browser bundle (scripts/build-trustee-crypto.mjs): the same
// source gives the same bytes (its hash is printed for anyone to compare with their
// own build), and the bundle, run with Node's own names (require, Buffer, process…)
// hidden from it and a bare `window`, exposes the API and speaks the same formats as
// the server's copy. Chromium runs it in tests/e2e/trustee-crypto-browser.test.ts.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { trusteeCryptoBundle } from "~/crypto/trustee/bundle.server";
import type { UndersignedCryptoApi } from "~/crypto/trustee/browser";
import { openKeyFile, openWithShares, sealForTrustees, shareFor } from "~/crypto/trustee";
import { buildTrusteeCrypto, bundleTrusteeCrypto } from "../../scripts/build-trustee-crypto.mjs";
import { PASSPHRASE, TEXT_HASH } from "../support/trustee-keys";

type Manifest = { src: string; integrity: string; sha256: string; bytes: number };
type BrowserApi = UndersignedCryptoApi;

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "trustee-bundle-"));
let manifest: Manifest;
let code: string;

beforeAll(async () => {
  manifest = (await buildTrusteeCrypto(outDir)) as Manifest;
  code = fs.readFileSync(path.join(outDir, path.basename(manifest.src)), "utf8");
}, 60_000);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe("the build", () => {
  test("is reproducible, names itself by its hash, and carries no path of the machine that built it", async () => {
    const again = await bundleTrusteeCrypto();
    expect(again.toString("utf8")).toBe(code);
    expect(manifest.sha256).toBe(createHash("sha256").update(again).digest("hex"));
    expect(manifest.integrity).toBe(`sha384-${createHash("sha384").update(again).digest("base64")}`);
    expect(manifest.src).toBe(`/trustee-crypto/trustee-crypto-${manifest.sha256.slice(0, 16)}.js`);
    expect(manifest.bytes).toBe(again.length);
    expect(code).not.toContain(process.cwd());
    expect(code).not.toContain(os.homedir());
    // Small enough to send to every signer: about 50 kB today.
    expect(manifest.bytes).toBeLessThan(80_000);
  }, 60_000);

  test("the README's hash is the one this source builds to (anyone compares a server's code with it)", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    const printed = /trustee-crypto SHA-256: ([0-9a-f]{64})/.exec(readme)?.[1];
    expect(printed, "README.md's Trustees section prints the hash").toBeDefined();
    expect(printed, "update README.md's Trustees section with this build's SHA-256").toBe(manifest.sha256);
  });

  test("the server reads the manifest, and says how to fix a missing one", () => {
    expect(trusteeCryptoBundle(outDir)).toEqual(manifest);
    expect(() => trusteeCryptoBundle(path.join(outDir, "nowhere"))).toThrow(/npm run build/);
  });
});

describe("the bundle without Node's names", () => {
  let api: BrowserApi;
  beforeAll(() => {
    // In this realm, not a vm context: Node 20's WebCrypto refuses an ArrayBuffer made
    // in another realm, which no browser page ever hands it.
    const nodeOnly = ["require", "module", "exports", "process", "Buffer", "global", "__filename", "__dirname", "setImmediate"];
    const window: Record<string, unknown> = {};
    new Function("window", ...nodeOnly, code)(window, ...nodeOnly.map(() => undefined));
    api = window.UndersignedCrypto as BrowserApi;
  });

  test("exposes the API, frozen", () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        "PASSPHRASE_MIN_LENGTH",
        "createTrusteeKey",
        "fingerprint",
        "fromBase64Url",
        "openKeyFile",
        "openShares",
        "sealForTrustees",
        "toBase64Url",
      ].sort(),
    );
    expect(api.PASSPHRASE_MIN_LENGTH).toBe(12);
    expect(Object.isFrozen(api)).toBe(true);
  });

  test("round-trips with the server's copy: keys and sealing in the bundle, opening on the server", async () => {
    const letterId = "b1b2b3b4-0000-4000-8000-000000000001";
    const browserMade = [];
    for (const id of ["ann", "ben", "cat"]) {
      browserMade.push({ id, ...(await api.createTrusteeKey({ passphrase: PASSPHRASE, letterId, trusteeId: id, scryptLogN: 14 })) });
    }
    const trustees = browserMade.map((t) => ({ id: t.id, publicKey: t.publicKey }));
    const at = { letterId, signatureId: "sig-vm", textHash: TEXT_HASH, threshold: 2, trustees };

    // A signer's browser seals; the server seals the same way for a signer without JavaScript.
    const fromBrowser = await api.sealForTrustees({ name: "Rosalind Franklin", title: "Chemist" }, at);
    const fromServer = await sealForTrustees({ name: "Barbara McClintock", title: null }, { ...at, signatureId: "sig-server" });
    expect(fromBrowser.length).toBe(fromServer.length);

    // Two trustees' browsers open their shares; the server combines them.
    const byBrowser: Uint8Array[] = [];
    const byServer: Uint8Array[] = [];
    for (const t of browserMade.slice(0, 2)) {
      const key = await api.openKeyFile(t.keyFile, PASSPHRASE, { letterId, trusteeId: t.id });
      const items = [
        { signatureId: "sig-vm", sealedShare: shareFor(fromBrowser, t.id) },
        { signatureId: "sig-server", sealedShare: shareFor(fromServer, t.id) },
      ];
      const [a, b] = await api.openShares(key, items, { letterId, trusteeId: t.id });
      byBrowser.push(a!.share);
      byServer.push(b!.share);
      // The server's copy opens the bundle's key files too.
      expect((await openKeyFile(t.keyFile, PASSPHRASE, { letterId, trusteeId: t.id })).fingerprint).toBe(t.fingerprint);
    }
    expect(await openWithShares(fromBrowser, byBrowser, { letterId, signatureId: "sig-vm", textHash: TEXT_HASH })).toEqual({
      name: "Rosalind Franklin",
      title: "Chemist",
    });
    expect(await openWithShares(fromServer, byServer, { letterId, signatureId: "sig-server", textHash: TEXT_HASH })).toEqual({
      name: "Barbara McClintock",
      title: null,
    });
    // A wrong passphrase gives the same typed reason across the realm boundary.
    await expect(api.openKeyFile(browserMade[0]!.keyFile, "wrong passphrase here", { letterId, trusteeId: "ann" })).rejects.toMatchObject({
      reason: "passphrase",
    });
  });
});
