// Part of `npm run build`, after Remix's build: bundles the trustee module's browser
// entry (app/crypto/trustee/browser.ts) into one standalone script,
// build/client/trustee-crypto/trustee-crypto-<hash>.js, and writes manifest.json beside
// it with its path, its Subresource Integrity value and its SHA-256. The letter page
// prints that SHA-256 so anyone can build from source and compare: the output must
// be the same bytes wherever and whenever it is built (no paths, no dates, no
// randomness), which tests/unit/trustee-bundle.test.ts checks.
//
//   node scripts/build-trustee-crypto.mjs [outDir]
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PUBLIC_PATH = "/trustee-crypto/";

// @hpke/common falls back to node's crypto module on Node ≤ 18; a browser has
// globalThis.crypto, so that branch is dead: give it nothing to bundle.
const EMPTY = "\0trustee-crypto:no-node-crypto";
const noNodeCrypto = {
  name: "trustee-crypto:no-node-crypto",
  enforce: "pre",
  resolveId: (id) => (id === "crypto" || id === "node:crypto" ? EMPTY : null),
  load: (id) => (id === EMPTY ? "export const webcrypto = undefined; export default {};" : null),
};

/** The bundle's bytes, built in memory. */
export async function bundleTrusteeCrypto() {
  const result = await build({
    configFile: false,
    envFile: false,
    root,
    logLevel: "warn",
    publicDir: false,
    plugins: [noNodeCrypto],
    build: {
      write: false,
      target: "es2022",
      minify: "esbuild",
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: path.join(root, "app/crypto/trustee/browser.ts"), formats: ["iife"], name: "UndersignedCryptoBundle" },
      rollupOptions: {
        output: { entryFileNames: "trustee-crypto.js" },
        // The libraries' /* @__PURE__ */ hints in odd places: Rollup drops them, harmlessly.
        onwarn: (warning, warn) => warning.code === "INVALID_ANNOTATION" || warn(warning),
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunks = outputs.filter((o) => o.type === "chunk");
  if (chunks.length !== 1 || outputs.length !== 1) throw new Error(`expected one script, got ${outputs.map((o) => o.fileName).join(", ")}`);
  return Buffer.from(chunks[0].code, "utf8");
}

/** Builds into `outDir` (default build/client/trustee-crypto) and returns the manifest. */
export async function buildTrusteeCrypto(outDir = path.join(root, "build/client/trustee-crypto")) {
  const code = await bundleTrusteeCrypto();
  const sha256 = crypto.createHash("sha256").update(code).digest("hex");
  const fileName = `trustee-crypto-${sha256.slice(0, 16)}.js`;
  const manifest = {
    src: `${PUBLIC_PATH}${fileName}`,
    integrity: `sha384-${crypto.createHash("sha384").update(code).digest("base64")}`,
    sha256,
    bytes: code.length,
  };
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, fileName), code);
  fs.writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = await buildTrusteeCrypto(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`trustee crypto bundle: ${manifest.src} (${manifest.bytes} bytes), sha256 ${manifest.sha256}`);
}
