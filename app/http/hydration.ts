// Pages that need no JavaScript at all (a published letter is a document: text,
// names, links) render without Remix's scripts: nothing to download or run, no
// loader data inlined twice, and no per-request nonce, so every reader without a
// session gets the same bytes (app/publishing/page-cache.server.ts keeps them).
export const STATIC_PAGE = { hydrate: false } as const;

/** False when any matched route asked to be served without scripts. */
export function pageHydrates(handles: unknown[]) {
  return !handles.some((handle) => typeof handle === "object" && handle !== null && (handle as { hydrate?: unknown }).hydrate === false);
}
