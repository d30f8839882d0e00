import { expect, test } from "vitest";
import { NAMES_PER_PAGE, namesPageFrom, pageOfNames } from "~/domain/letters/signatory-pages";

const names = (n: number) => Array.from({ length: n }, (_, i) => `Name ${i}`);

test("a long list is shown a page at a time; out-of-range pages land on the nearest page", () => {
  const all = names(2 * NAMES_PER_PAGE + 7);
  const first = pageOfNames(all, 1);
  expect(first).toMatchObject({ total: all.length, page: 1, pageCount: 3, first: 0 });
  expect(first.rows).toHaveLength(NAMES_PER_PAGE);
  const last = pageOfNames(all, 3);
  expect(last.rows).toEqual(all.slice(2 * NAMES_PER_PAGE));
  expect(last.first).toBe(2 * NAMES_PER_PAGE);
  expect(pageOfNames(all, 99).page).toBe(3);
  expect(pageOfNames(all, 0).page).toBe(1);
});

test("an empty or short list is one page", () => {
  expect(pageOfNames([], 1)).toEqual({ rows: [], total: 0, page: 1, pageCount: 1, first: 0 });
  expect(pageOfNames(names(3), 2)).toMatchObject({ page: 1, pageCount: 1, total: 3 });
});

test("the page comes from ?names=, and anything malformed means the first page", () => {
  const at = (query: string) => namesPageFrom(new Request(`http://app.test/my/letters/x${query}`));
  expect(at("?names=2")).toBe(2);
  expect(at("")).toBe(1);
  expect(at("?names=-3")).toBe(1);
  expect(at("?names=abc")).toBe(1);
  expect(at("?names=1.5")).toBe(1);
});
