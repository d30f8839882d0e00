// A published letter's public address: /letters/<slug>, readable and made from the
// title ("Cancel the ICE contract" → "cancel-the-ice-contract"). Unlike the private
// link it is no secret: it is meant to be printed in the press.
import type { Db, Tx } from "~/db/client.server";

export const PUBLIC_SLUG_MAX = 60;

/** What a public slug looks like (also the route's parameter check): ascii words joined by "-". */
export const PUBLIC_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug a title asks for, before collisions: lower-case ascii words, at most ~60 characters, cut at a word. */
export function publicSlugBase(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents: "Café" → "Cafe"
    .toLowerCase()
    .replace(/['’]/g, "") // "don't" → "dont", not "don-t"
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > PUBLIC_SLUG_MAX) {
      // A single very long first word is cut rather than dropped.
      if (!slug) slug = word.slice(0, PUBLIC_SLUG_MAX);
      break;
    }
    slug = next;
  }
  return slug || "letter";
}

/**
 * The first free slug for `title`: the base, then base-2, base-3… Two letters
 * publishing at once may still pick the same one: the unique index refuses the
 * second, which picks again (see publishLetter).
 */
export async function pickPublicSlug(client: Db | Tx, title: string): Promise<string> {
  const base = publicSlugBase(title);
  const rows = await client.letter.findMany({ where: { publicSlug: { startsWith: base } }, select: { publicSlug: true } });
  const taken = new Set(rows.map((row) => row.publicSlug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
