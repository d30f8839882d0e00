// Where the browser bundle of the trustee module is, and how a page checks it:
// scripts/build-trustee-crypto.mjs (part of `npm run build`) writes the manifest read
// here. A page loads the script with `integrity`, and prints `sha256` so anyone can
// build the same source and compare (issue 15).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export type TrusteeCryptoBundle = { src: string; integrity: string; sha256: string; bytes: number };

const manifestSchema = z.object({
  src: z.string().regex(/^\/trustee-crypto\/trustee-crypto-[0-9a-f]{16}\.js$/),
  integrity: z.string().regex(/^sha384-[A-Za-z0-9+/]{64}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
});

const DEFAULT_DIR = "build/client/trustee-crypto";
const cache = new Map<string, TrusteeCryptoBundle>();

/** The built bundle's manifest (read once per process). Throws, saying how to fix it, if there is none. */
export function trusteeCryptoBundle(dir = DEFAULT_DIR): TrusteeCryptoBundle {
  const file = path.resolve(dir, "manifest.json");
  const cached = cache.get(file);
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new Error(`no trustee crypto bundle at ${file}: run \`npm run build\` (or \`node scripts/build-trustee-crypto.mjs\`)`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a trustee crypto manifest: rebuild with \`node scripts/build-trustee-crypto.mjs\``);
  cache.set(file, parsed.data);
  return parsed.data;
}
