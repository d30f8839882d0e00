// A trustee's key pair and the key file that keeps its private half (issue 15). The
// pair is made in the trustee's browser; only the public key reaches the server. The
// private half leaves the browser only as a downloaded key file, sealed with
// AES-256-GCM under a key stretched from a passphrase by scrypt (memory-hard, so a
// stolen file costs an attacker 128 MiB and seconds per guess), with the letter, the
// trustee and the public key in its associated data: a file for another letter or
// trustee cannot be passed off as this one.
//
// What the file seals is the 32-byte seed of RFC 9180's DeriveKeyPair, not the
// scalar: deriving the pair again on opening gives the public key too, which must
// equal the one the file (and the server) names.
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { aesDecrypt, aesEncrypt, importAesKey } from "./aes";
import { KeyFileError, TrusteeInputError } from "./errors";
import {
  type Bytes,
  context,
  contextDigest,
  copyBytes,
  equalBytes,
  FORMAT_VERSION,
  fromBase64Url,
  IV_BYTES,
  KEY_BYTES,
  PASSPHRASE_MAX_LENGTH,
  PASSPHRASE_MIN_LENGTH,
  PUBLIC_KEY_BYTES,
  Purpose,
  requireId,
  TAG_BYTES,
  toBase64Url,
  utf8,
} from "./formats";
import { suite } from "./hpke";

/** A trustee's opened key, for openShares. Holds the private key as a WebCrypto key, never as bytes. */
export type TrusteeKey = {
  readonly letterId: string;
  readonly trusteeId: string;
  readonly publicKey: Uint8Array;
  readonly fingerprint: string;
  readonly privateKey: CryptoKey;
};

const KEY_FILE_FORMAT = "undersigned-trustee-key";
const MAX_KEY_FILE_CHARS = 8192; // a real one is about 700
const SALT_BYTES = 16;
// N = 2^17, r = 8, p = 1: 128 MiB, OWASP's scrypt minimum. Measured here: about 1.7 s in
// Node 20 on a busy core; see the bench (bench/trustee-crypto.ts).
const SCRYPT = { logN: 17, r: 8, p: 1 };
// What a key file may ask of the browser that opens it: a hostile file must not make
// it allocate gigabytes or spin for minutes.
const MAX_SCRYPT_MEMORY = 2 ** 28; // 128 · N · r bytes
const MAX_SCRYPT_WORK = 2 ** 22; // N · r · p

type ScryptParams = { N: number; r: number; p: number; salt: Bytes };
export type Progress = (fraction: number) => void;

function scryptWithinBounds({ N, r, p }: { N: number; r: number; p: number }) {
  const logN = Math.log2(N);
  return (
    [N, r, p].every(Number.isSafeInteger) &&
    Number.isInteger(logN) &&
    logN >= 14 &&
    logN <= 18 &&
    r >= 1 &&
    r <= 16 &&
    p >= 1 &&
    p <= 4 &&
    128 * N * r <= MAX_SCRYPT_MEMORY &&
    N * r * p <= MAX_SCRYPT_WORK
  );
}

/** "3F2A 9C1B 77D0 …": 128 bits of SHA-256 over the public key, for people to compare aloud. */
export async function fingerprint(publicKey: Uint8Array): Promise<string> {
  const digest = await contextDigest(context(Purpose.fingerprint), copyBytes(publicKey, "public key", PUBLIC_KEY_BYTES));
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0").toUpperCase()).join("");
  return hex.match(/.{4}/g)!.join(" ");
}

/** The passphrase as bytes (NFC, so the same words typed on another keyboard give the same key). */
function passphraseBytes(passphrase: unknown): Bytes {
  if (typeof passphrase !== "string") throw new TrusteeInputError("passphrase", "the passphrase must be text");
  const normalized = passphrase.normalize("NFC");
  if (normalized.length > PASSPHRASE_MAX_LENGTH) throw new TrusteeInputError("passphrase", "the passphrase is too long");
  if ([...normalized].length < PASSPHRASE_MIN_LENGTH)
    throw new TrusteeInputError("passphrase", `the passphrase needs at least ${PASSPHRASE_MIN_LENGTH} characters`);
  return utf8(normalized);
}

async function passphraseKey(passphrase: Bytes, { N, r, p, salt }: ScryptParams, onProgress?: Progress): Promise<CryptoKey> {
  const raw = await scryptAsync(passphrase, salt, { N, r, p, dkLen: KEY_BYTES, maxmem: MAX_SCRYPT_MEMORY + 2 ** 20, onProgress });
  try {
    return await importAesKey(new Uint8Array(raw));
  } finally {
    raw.fill(0);
    passphrase.fill(0);
  }
}

const keyFileAad = (letterId: string, trusteeId: string, publicKey: string, kdf: ScryptParams) =>
  context(Purpose.keyFile, letterId, trusteeId, publicKey, "scrypt", kdf.N, kdf.r, kdf.p, toBase64Url(kdf.salt));

/**
 * A new key pair for `trusteeId` on `letterId`: the public key (for the server), its
 * fingerprint, and the key file (JSON text, for the trustee to download).
 * `scryptLogN` is for tests only (a cheaper key file); the browser never passes it.
 */
export async function createTrusteeKey(o: {
  passphrase: string;
  letterId: string;
  trusteeId: string;
  onProgress?: Progress;
  scryptLogN?: number;
}): Promise<{ publicKey: Uint8Array; fingerprint: string; keyFile: string }> {
  const letterId = requireId(o.letterId, "letter id");
  const trusteeId = requireId(o.trusteeId, "trustee id");
  const passphrase = passphraseBytes(o.passphrase);
  const kdf = { N: 2 ** (o.scryptLogN ?? SCRYPT.logN), r: SCRYPT.r, p: SCRYPT.p, salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)) };
  if (!scryptWithinBounds(kdf)) throw new TrusteeInputError("options", "scryptLogN must be an integer from 14 to 18");

  const seed = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  try {
    const pair = await suite.kem.deriveKeyPair(seed);
    const publicKey = new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey));
    const publicKeyText = toBase64Url(publicKey);
    const key = await passphraseKey(passphrase, kdf, o.onProgress);
    const { iv, ciphertext } = await aesEncrypt(key, seed, keyFileAad(letterId, trusteeId, publicKeyText, kdf));
    const print = await fingerprint(publicKey);
    const file = {
      format: KEY_FILE_FORMAT,
      version: FORMAT_VERSION,
      about: "An Undersigned trustee key for one letter. Keep it, and its passphrase: both are needed to unseal the signers' names.",
      letterId,
      trusteeId,
      publicKey: publicKeyText,
      fingerprint: print,
      kdf: { name: "scrypt", N: kdf.N, r: kdf.r, p: kdf.p, salt: toBase64Url(kdf.salt) },
      sealedPrivateKey: toBase64Url(new Uint8Array([...iv, ...ciphertext])),
    };
    return { publicKey, fingerprint: print, keyFile: JSON.stringify(file, null, 2) + "\n" };
  } finally {
    seed.fill(0);
  }
}

type ParsedKeyFile = {
  letterId: string;
  trusteeId: string;
  publicKey: Bytes;
  publicKeyText: string;
  fingerprint: string;
  kdf: ScryptParams;
  iv: Bytes;
  ciphertext: Bytes;
};

const badFile = (why: string) => new KeyFileError("format", `this is not an Undersigned trustee key file (${why})`);

function parseKeyFile(text: unknown): ParsedKeyFile {
  if (typeof text !== "string" || text.length > MAX_KEY_FILE_CHARS) throw badFile("wrong size");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badFile("not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badFile("not an object");
  const f = value as Record<string, unknown>;
  if (f.format !== KEY_FILE_FORMAT) throw badFile("unknown format");
  if (f.version !== FORMAT_VERSION) throw badFile(`unknown version ${String(f.version).slice(0, 20)}`);
  const ids = [f.letterId, f.trusteeId].map((id) => {
    try {
      return requireId(id, "id");
    } catch {
      throw badFile("bad id");
    }
  });
  const publicKey = typeof f.publicKey === "string" ? fromBase64Url(f.publicKey) : null;
  if (publicKey?.length !== PUBLIC_KEY_BYTES) throw badFile("bad public key");
  if (typeof f.fingerprint !== "string") throw badFile("no fingerprint");
  const kdf = (typeof f.kdf === "object" && f.kdf !== null ? f.kdf : {}) as Record<string, unknown>;
  const salt = typeof kdf.salt === "string" ? fromBase64Url(kdf.salt) : null;
  const params = { N: kdf.N as number, r: kdf.r as number, p: kdf.p as number };
  if (kdf.name !== "scrypt" || salt?.length !== SALT_BYTES || !scryptWithinBounds(params)) throw badFile("bad key derivation");
  const sealed = typeof f.sealedPrivateKey === "string" ? fromBase64Url(f.sealedPrivateKey) : null;
  if (sealed?.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw badFile("bad sealed key");
  return {
    letterId: ids[0]!,
    trusteeId: ids[1]!,
    publicKey,
    publicKeyText: f.publicKey as string,
    fingerprint: f.fingerprint,
    kdf: { ...params, salt },
    iv: sealed.subarray(0, IV_BYTES),
    ciphertext: sealed.subarray(IV_BYTES),
  };
}

/**
 * The trustee's key from its key file. Throws KeyFileError: "format" (not a key file,
 * or an inconsistent one), "other-letter" / "other-trustee" (a real file, but not for
 * this letter or this trustee), "passphrase" (it does not open with this passphrase).
 */
export async function openKeyFile(
  keyFile: string,
  passphrase: string,
  o: { letterId: string; trusteeId: string; onProgress?: Progress },
): Promise<TrusteeKey> {
  const file = parseKeyFile(keyFile);
  if (file.letterId !== o.letterId) throw new KeyFileError("other-letter", "this key file belongs to another letter");
  if (file.trusteeId !== o.trusteeId) throw new KeyFileError("other-trustee", "this key file belongs to another trustee");
  const print = await fingerprint(file.publicKey);
  if (file.fingerprint !== print) throw badFile("fingerprint does not match the public key");

  let secret: Bytes;
  try {
    secret = passphraseBytes(passphrase);
  } catch {
    throw new KeyFileError("passphrase", "the passphrase does not open this key file");
  }
  const key = await passphraseKey(secret, file.kdf, o.onProgress);
  const seed = await aesDecrypt(key, file.iv, file.ciphertext, keyFileAad(file.letterId, file.trusteeId, file.publicKeyText, file.kdf));
  if (!seed) throw new KeyFileError("passphrase", "the passphrase does not open this key file");
  try {
    const pair = await suite.kem.deriveKeyPair(seed);
    const derived = new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey));
    if (!equalBytes(derived, file.publicKey)) throw badFile("the private key does not match the public key");
    return {
      letterId: file.letterId,
      trusteeId: file.trusteeId,
      publicKey: file.publicKey,
      fingerprint: print,
      privateKey: pair.privateKey,
    };
  } finally {
    seed.fill(0);
  }
}
