// HPKE (RFC 9180) as the trustee scheme uses it: base mode, DHKEM(X25519,
// HKDF-SHA256), HKDF-SHA256, AES-256-GCM, all from @hpke/core on WebCrypto (X25519
// is native in Node 20 and in Chromium, so no extra KEM package is needed). The info
// names the purpose; the associated data binds a share to its letter, signature and
// trustee, so a sealed share moved to another row, or handed to another trustee's
// key, does not open.
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from "@hpke/core";
import { EnvelopeError, TrusteeInputError } from "./errors";
import { type Bytes, context, FORMAT_VERSION, parseSealedShare, Purpose, SEALED_SHARE_BYTES, utf8 } from "./formats";

export const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

const INFO = utf8(JSON.stringify([Purpose.share, FORMAT_VERSION]));
export type ShareRow = { letterId: string; signatureId: string; trusteeId: string };
const shareAad = (row: ShareRow) => context(Purpose.share, row.letterId, row.signatureId, row.trusteeId);

export async function importPublicKey(publicKey: Bytes, trusteeId: string): Promise<CryptoKey> {
  try {
    return await suite.kem.deserializePublicKey(publicKey);
  } catch {
    throw new TrusteeInputError("trustees", `trustee ${trusteeId}'s public key is not an X25519 key`);
  }
}

/** version | enc | ciphertext: one share sealed to one trustee's public key. */
export async function sealShare(recipient: CryptoKey, row: ShareRow, share: Bytes): Promise<Bytes> {
  let sealed;
  try {
    sealed = await suite.seal({ recipientPublicKey: recipient, info: INFO }, share, shareAad(row));
  } catch {
    // WebCrypto refuses a low-order point (an all-zero shared secret): no key a browser made.
    throw new TrusteeInputError("trustees", `trustee ${row.trusteeId}'s public key cannot be sealed to`);
  }
  const out = new Uint8Array(SEALED_SHARE_BYTES);
  out[0] = FORMAT_VERSION;
  out.set(new Uint8Array(sealed.enc), 1);
  out.set(new Uint8Array(sealed.ct), 1 + sealed.enc.byteLength);
  return out;
}

/** Throws EnvelopeError: "format" if it is not a sealed share, "not-opened" for a wrong key, row or altered byte. */
export async function openShare(recipient: CryptoKey, row: ShareRow, sealedShare: Uint8Array): Promise<Bytes> {
  const { enc, ciphertext } = parseSealedShare(sealedShare, row.signatureId);
  try {
    return new Uint8Array(await suite.open({ recipientKey: recipient, enc, info: INFO }, ciphertext, shareAad(row)));
  } catch {
    throw new EnvelopeError("not-opened", "a sealed share could not be opened (wrong key, wrong signature, or altered)", row.signatureId);
  }
}
