// The one place the trustee page calls the browser crypto module: the bundle built
// from app/crypto/trustee/ (browser.ts), which sets window.UndersignedCrypto and is
// loaded with Subresource Integrity. The page renders its <script> with the
// response's nonce; after a client-side navigation to the page there is none, so
// it is added here (a script added by a trusted script runs under 'strict-dynamic').
// The private key never leaves this module's caller: only the key file (sealed by
// the passphrase) is handed back, to be downloaded, and the public key, to be posted.

import type { UndersignedCryptoApi } from "~/crypto/trustee/browser";

export type KeyTool = { src: string; integrity: string };

// The type only: the module itself comes from the bundle, never from this app's scripts.
type UndersignedCrypto = UndersignedCryptoApi;

/** The module's own minimum, until it has loaded (it checks again itself). */
export const PASSPHRASE_MIN_LENGTH = 12;
const LOAD_TIMEOUT_MS = 20_000;

function scriptFor(tool: KeyTool) {
  const present = document.querySelector<HTMLScriptElement>("script[data-trustee-crypto]");
  if (present) return present;
  const script = document.createElement("script");
  script.type = "module";
  script.src = tool.src;
  script.integrity = tool.integrity;
  script.crossOrigin = "anonymous";
  script.dataset.trusteeCrypto = "";
  document.head.append(script);
  return script;
}

/** The crypto module, once its bundle has loaded and passed its integrity check. */
export function loadTrusteeCrypto(tool: KeyTool): Promise<UndersignedCrypto> {
  if (window.UndersignedCrypto) return Promise.resolve(window.UndersignedCrypto);
  const script = scriptFor(tool);
  return new Promise((resolve, reject) => {
    const done = () => {
      clearInterval(poll);
      clearTimeout(timer);
      script.removeEventListener("load", check);
      script.removeEventListener("error", fail);
    };
    const check = () => {
      if (!window.UndersignedCrypto) return;
      done();
      resolve(window.UndersignedCrypto);
    };
    const fail = () => {
      done();
      reject(new Error("The key tool could not be loaded."));
    };
    // The page's own <script> may have loaded (or failed its integrity check) before
    // these listeners: polling catches the first, the timeout the second.
    const poll = setInterval(check, 200);
    const timer = setTimeout(fail, LOAD_TIMEOUT_MS);
    script.addEventListener("load", check);
    script.addEventListener("error", fail);
  });
}

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
