// The one way a page loads the browser crypto module: the bundle built from
// app/crypto/trustee/ (browser.ts), which sets window.UndersignedCrypto and is
// loaded with Subresource Integrity. A page renders its <script> with the
// response's nonce in its server HTML only; after a client-side navigation to the
// page there is none that runs, so it is added here (a script added by a trusted
// script runs under 'strict-dynamic').
// Used by the trustee page (making a key) and the signature step (sealing a name).

import type { UndersignedCryptoApi } from "~/crypto/trustee/browser";

export type KeyTool = { src: string; integrity: string };

// The type only: the module itself comes from the bundle, never from this app's scripts.
type UndersignedCrypto = UndersignedCryptoApi;

const LOAD_TIMEOUT_MS = 20_000;

// The script this module added and is waiting for; reset when it fails, so that a
// later call (the next click) tries again with a fresh one.
let loading: Promise<UndersignedCrypto> | null = null;

/**
 * Adds the bundle's script and waits for it. Never waits for a <script> it did not
 * add: one React rendered after a client-side navigation never runs (React creates
 * scripts inert), and the page's own server-rendered one has run, or failed its
 * integrity check, before the page hydrated (module scripts run in document order,
 * ahead of Remix's), so by the time a hydrated page asks, it is nothing to wait for.
 */
function addScript(tool: KeyTool): Promise<UndersignedCrypto> {
  const script = document.createElement("script");
  script.type = "module";
  script.src = tool.src;
  script.integrity = tool.integrity;
  script.crossOrigin = "anonymous";
  script.dataset.trusteeCryptoLoader = "";
  return new Promise<UndersignedCrypto>((resolve, reject) => {
    const timer = setTimeout(() => fail(), LOAD_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      script.removeEventListener("load", loaded);
      script.removeEventListener("error", fail);
    };
    function loaded() {
      done();
      if (window.UndersignedCrypto) resolve(window.UndersignedCrypto);
      else reject(new Error("The crypto module loaded but did not start."));
    }
    function fail() {
      done();
      script.remove();
      reject(new Error("The crypto module could not be loaded."));
    }
    script.addEventListener("load", loaded);
    script.addEventListener("error", fail);
    document.head.append(script);
  });
}

/** The crypto module, once its bundle has loaded and passed its integrity check. */
export function loadTrusteeCrypto(tool: KeyTool): Promise<UndersignedCrypto> {
  if (window.UndersignedCrypto) return Promise.resolve(window.UndersignedCrypto);
  loading ??= addScript(tool).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
