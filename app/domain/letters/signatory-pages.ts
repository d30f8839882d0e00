// Long lists of names are shown a page at a time (dashboard, final review, press
// preview): a letter with 100,000 signatories must not become one page of
// 100,000 rows. The full list is in the downloads (CSV, JSON, PDF).
import { z } from "zod";

export const NAMES_PER_PAGE = 500;

export type SignatoryPage<T> = { rows: T[]; total: number; page: number; pageCount: number; first: number };

/** Page `requested` (1-based) of `all`; past the end, the last page. */
export function pageOfNames<T>(all: T[], requested: number): SignatoryPage<T> {
  const pageCount = Math.max(1, Math.ceil(all.length / NAMES_PER_PAGE));
  const page = Math.min(Math.max(1, requested), pageCount);
  const first = (page - 1) * NAMES_PER_PAGE;
  return { rows: all.slice(first, first + NAMES_PER_PAGE), total: all.length, page, pageCount, first };
}

const pageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** The `names` query parameter (which page of names), 1 when absent or malformed. */
export function namesPageFrom(request: Request) {
  return pageParam.parse(new URL(request.url).searchParams.get("names") ?? 1);
}
