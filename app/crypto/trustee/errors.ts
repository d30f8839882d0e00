// Typed failures of the trustee module. Callers (routes, the browser's pages) tell a
// person what went wrong from `reason`, never from the message, so a message can
// stay deliberately vague where detail would help an attacker (which of key, row or
// bytes was wrong is nobody's business). Plain classes with a `reason` field, because
// the browser bundle's errors come from another copy of this file: check
// `error.reason`, not `instanceof`, across that boundary.

export class TrusteeCryptoError extends Error {
  override name = "TrusteeCryptoError";
}

export type KeyFileErrorReason = "format" | "passphrase" | "other-letter" | "other-trustee";

/** A key file that is malformed, opened with the wrong passphrase, or made for another letter or trustee. */
export class KeyFileError extends TrusteeCryptoError {
  override name = "KeyFileError";
  constructor(
    readonly reason: KeyFileErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export type EnvelopeErrorReason = "format" | "unknown-trustee" | "not-enough-shares" | "not-opened";

/**
 * An envelope or sealed share that is malformed ("format"), names no such trustee,
 * lacks valid shares, or fails authentication ("not-opened": wrong key, wrong
 * letter/signature/trustee, or altered bytes).
 */
export class EnvelopeError extends TrusteeCryptoError {
  override name = "EnvelopeError";
  constructor(
    readonly reason: EnvelopeErrorReason,
    message: string,
    /** The signature whose share did not open (openShares), so a page can say which. */
    readonly signatureId?: string,
  ) {
    super(message);
  }
}

export type TrusteeInputErrorReason =
  | "identity" // not { name: string, title: string | null }, or too long to fit the fixed padded size
  | "ids" // a letter, signature or trustee id that is empty, too long, or not visible ASCII
  | "trustees" // fewer than 2 or more than 9 trustees, a repeated id or public key, a public key not 32 bytes
  | "threshold" // not an integer in [2, number of trustees]
  | "passphrase" // shorter than PASSPHRASE_MIN_LENGTH or absurdly long
  | "options"; // anything else the caller passed out of bounds

/** Input from our own callers that this module refuses: a bug or a form to correct, never a crypto failure. */
export class TrusteeInputError extends TrusteeCryptoError {
  override name = "TrusteeInputError";
  constructor(
    readonly reason: TrusteeInputErrorReason,
    message: string,
  ) {
    super(message);
  }
}
