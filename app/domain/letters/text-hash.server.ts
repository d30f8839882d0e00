import { createHash } from "node:crypto";

/**
 * SHA-256 of the letter's text as signed: addressee, title and body, in a fixed
 * JSON encoding, so anyone holding the published text can recompute it.
 */
export function letterTextHash(letter: { title: string; addressee: string; body: string }) {
  const canonical = JSON.stringify({ addressee: letter.addressee, title: letter.title, body: letter.body });
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
