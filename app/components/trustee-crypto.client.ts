// The one way a page loads the browser crypto module: the bundle built from
// app/crypto/trustee/ (browser.ts), which sets window.UndersignedCrypto and is
// loaded with Subresource Integrity. A page renders its <script> with the
// response's nonce; after a client-side navigation to the page there is none, so
// it is added here (a script added by a trusted script runs under 'strict-dynamic').
// Used by the trustee page (making a key) and the signature step (sealing a name).

import type { UndersignedCryptoApi } from "~/crypto/trustee/browser";

export type KeyTool = { src: string; integrity: string };

// The type only: the module itself comes from the bundle, never from this app's scripts.
type UndersignedCrypto = UndersignedCryptoApi;

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
      reject(new Error("The crypto module could not be loaded."));
    };
    // The page's own <script> may have loaded (or failed its integrity check) before
    // these listeners: polling catches the first, the timeout the second.
    const poll = setInterval(check, 200);
    const timer = setTimeout(fail, LOAD_TIMEOUT_MS);
    script.addEventListener("load", check);
    script.addEventListener("error", fail);
  });
}
