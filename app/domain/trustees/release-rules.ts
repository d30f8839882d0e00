// The trustees' release at the threshold (issue 15): the limits and the wire format
// of a chunk of shares, shared by the trustee page (which builds chunks in the
// browser) and the server (which reads them). Shared with the browser: no
// server-only import here.
import { z } from "zod";

/** Sealed shares handed to a trustee's browser per request (about 260 KB of JSON). */
export const SHARES_PAGE_SIZE = 2_000;
/** Shares a browser posts per request; the server refuses more than MAX_RELEASE_ITEMS. */
export const RELEASE_CHUNK_ITEMS = 4_000;
export const MAX_RELEASE_ITEMS = 5_000;
/** A form field holds at most 65,536 characters (read-form.server.ts): a chunk is split across fields. */
export const RELEASE_FIELD_CHARS = 60_000;
export const MAX_RELEASE_FIELDS = 16;
/** A share is 33 bytes (a 32-byte key share and its x coordinate): 44 base64url characters. */
export const SHARE_CHARS = 44;
export const REFUSAL_REASON_MAX = 500;

// In a field: "<signature id>.<share>" items joined by "*". Neither character is
// escaped in a form body, and neither occurs in an id or in base64url.
const ITEM_SEPARATOR = "*";
const SIGNATURE_ID = /^[A-Za-z0-9-]{1,64}$/;
const SHARE_TEXT = new RegExp(`^[A-Za-z0-9_-]{${SHARE_CHARS}}$`);

export type ReleaseItemText = { signatureId: string; share: string };

/** The fields a browser posts for these items: each under RELEASE_FIELD_CHARS. */
export function encodeReleaseFields(items: ReleaseItemText[]): string[] {
  const fields: string[] = [];
  let current = "";
  for (const { signatureId, share } of items) {
    const item = `${signatureId}.${share}`;
    if (current && current.length + 1 + item.length > RELEASE_FIELD_CHARS) {
      fields.push(current);
      current = "";
    }
    current = current ? `${current}${ITEM_SEPARATOR}${item}` : item;
  }
  if (current) fields.push(current);
  return fields;
}

const CHUNK_MESSAGE = "Your browser sent a batch of shares this page cannot read. Reload the page and open your shares again.";

/**
 * The items of a posted chunk, as text: counted and shaped before anything is
 * decoded, so a hostile chunk costs one pass over at most 1 MiB.
 */
export const releaseChunkFields = z
  .array(z.string().max(65_536), { message: CHUNK_MESSAGE })
  .min(1, CHUNK_MESSAGE)
  .max(MAX_RELEASE_FIELDS, CHUNK_MESSAGE)
  .transform((fields, ctx) => {
    const items: ReleaseItemText[] = [];
    for (const field of fields) {
      for (const item of field.split(ITEM_SEPARATOR)) {
        if (items.length === MAX_RELEASE_ITEMS) {
          ctx.addIssue({ code: "custom", message: `Send at most ${MAX_RELEASE_ITEMS.toLocaleString("en")} shares at a time.` });
          return z.NEVER;
        }
        const dot = item.indexOf(".");
        const signatureId = item.slice(0, dot);
        const share = item.slice(dot + 1);
        if (dot < 0 || !SIGNATURE_ID.test(signatureId) || !SHARE_TEXT.test(share)) {
          ctx.addIssue({ code: "custom", message: CHUNK_MESSAGE });
          return z.NEVER;
        }
        items.push({ signatureId, share });
      }
    }
    return items;
  });

export const refuseReleaseFields = z.object({
  intent: z.literal("refuse"),
  reason: z
    .string()
    .trim()
    .max(REFUSAL_REASON_MAX, `Keep the reason under ${REFUSAL_REASON_MAX} characters.`)
    .optional()
    .transform((reason) => reason || null),
  confirmRefuse: z.literal("on", { message: "Tick the box to confirm that you refuse to release your shares." }),
});
