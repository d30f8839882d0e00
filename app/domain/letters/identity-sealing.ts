// How a signature's (or decoy receipt's) sealed identity is sealed, as stored in its
// `identitySealing` column: the one place these values are named (decision 015).
// Shared with the browser bundle: no server-only import here.

export const IdentitySealing = {
  /** Name and title under the letter's data key alone: the running server can open them. */
  SERVER: "server",
  /**
   * A trustee envelope (app/crypto/trustee/), wrapped once more under the data key:
   * opening it needs k trustees' shares, which the server never holds before the release.
   */
  TRUSTEES: "trustees",
} as const;
export type IdentitySealing = (typeof IdentitySealing)[keyof typeof IdentitySealing];
