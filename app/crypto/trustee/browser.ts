// The entry of the standalone browser bundle (scripts/build-trustee-crypto.mjs): the
// very code the server runs, served with Subresource Integrity so a trustee or signer
// can check that their browser runs what the source says. Pages call it through
// window.UndersignedCrypto; nothing else is exported.
import {
  createTrusteeKey,
  fingerprint,
  fromBase64Url,
  openKeyFile,
  openShares,
  PASSPHRASE_MIN_LENGTH,
  sealForTrustees,
  toBase64Url,
} from "./index";

const api = Object.freeze({
  fingerprint,
  createTrusteeKey,
  openKeyFile,
  sealForTrustees,
  openShares,
  PASSPHRASE_MIN_LENGTH,
  toBase64Url,
  fromBase64Url,
});

export type UndersignedCryptoApi = typeof api;

declare global {
  interface Window {
    UndersignedCrypto?: UndersignedCryptoApi;
  }
}

window.UndersignedCrypto = api;
