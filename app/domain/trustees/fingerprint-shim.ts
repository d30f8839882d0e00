// TEMPORARY, deleted at the merge with app/crypto/trustee/ (issue 15, first slice).
// Stands in for that module's `fingerprint` and `trusteeCryptoBundle` so this
// folder and its tests run before it lands. Only trustee-crypto.server.ts imports it.
// Fingerprint as agreed: SHA-256 over "undersigned/trustee-key/v1" || publicKey, the
// first 16 bytes, upper-case hex in groups of 4.

const LABEL = new TextEncoder().encode("undersigned/trustee-key/v1");

export async function fingerprint(publicKey: Uint8Array): Promise<string> {
  const input = new Uint8Array(LABEL.length + publicKey.length);
  input.set(LABEL);
  input.set(publicKey, LABEL.length);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", input));
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
  return hex.match(/.{4}/g)!.join(" ");
}

/** The real one reads build/client/trustee-crypto/manifest.json; here there is no bundle yet. */
export function trusteeCryptoBundle(): { src: string; integrity: string; sha256: string } {
  throw new Error("The trustee crypto bundle is not part of this build (app/crypto/trustee/ has not landed).");
}
