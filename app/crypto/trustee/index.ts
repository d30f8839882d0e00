// The trustee module's public face (issue 15): isomorphic, used by the server (which
// seals for signers without JavaScript, checks uploaded shares and opens at the
// threshold) and, bundled by scripts/build-trustee-crypto.mjs, by the trustees' and
// signers' browsers (browser.ts). Nothing here reads the app's config or the disk.
export { EnvelopeError, KeyFileError, TrusteeCryptoError, TrusteeInputError } from "./errors";
export type { EnvelopeErrorReason, KeyFileErrorReason, TrusteeInputErrorReason } from "./errors";
export {
  envelopeSize,
  fromBase64Url,
  IDENTITY_PADDED_BYTES,
  MAX_TRUSTEES,
  MIN_TRUSTEES,
  PASSPHRASE_MIN_LENGTH,
  toBase64Url,
} from "./formats";
export { createTrusteeKey, fingerprint, openKeyFile } from "./keys";
export type { TrusteeKey } from "./keys";
export { checkShare, openShares, openWithShares } from "./open";
export { envelopeInfo, sealForTrustees, shareFor } from "./seal";
export type { Identity, SealContext, TrusteeRef } from "./seal";
