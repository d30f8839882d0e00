// The one place the trustee page calls the browser crypto module (loaded by
// app/components/trustee-crypto.client.ts). The private key never leaves this module's caller: only the key file (sealed by
// the passphrase) is handed back, to be downloaded, and the public key, to be posted.

import { type KeyTool, loadTrusteeCrypto } from "~/components/trustee-crypto.client";

export type { KeyTool };

/** The module's own minimum, until it has loaded (it checks again itself). */
export const PASSPHRASE_MIN_LENGTH = 12;

/** base64url without padding: how the public key is posted (43 characters for 32 bytes). */
export function base64url(bytes: Uint8Array) {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Makes the trustee's key pair in this browser; the passphrase protects the key file. */
export async function createKey(tool: KeyTool, o: { passphrase: string; letterId: string; trusteeId: string }) {
  const crypto = await loadTrusteeCrypto(tool);
  const { publicKey, fingerprint, keyFile } = await crypto.createTrusteeKey(o);
  return { publicKey: base64url(publicKey), fingerprint, keyFile };
}
