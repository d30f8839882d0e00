// How a signature's identity is sealed (Signature.identitySealing, issue 15): under
// the letter's data key by the server, as always, or in a trustee envelope that only
// k of the letter's trustees can open (wrapped under the data key once more).
// Shared with the browser bundle: no server-only import here.
export const IdentitySealing = {
  SERVER: "server",
  TRUSTEES: "trustees",
} as const;
export type IdentitySealing = (typeof IdentitySealing)[keyof typeof IdentitySealing];
