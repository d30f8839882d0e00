// Finding 3 of issue 13: ?redirectTo= must never send anyone to another host,
// whatever the path looks like before normalisation.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { safeRedirectPath } from "~/auth/current-user.server";

const APP = "https://letters.example";

/** What a browser does with the Location we send: resolve it against the page's URL. */
function expectSameOriginPath(location: string) {
  expect(location.startsWith("/")).toBe(true);
  expect(location.startsWith("//")).toBe(false);
  // eslint-disable-next-line no-control-regex
  expect(location).not.toMatch(/[\\\x00-\x20\x7f]/);
  expect(new URL(location, `${APP}/login`).origin).toBe(APP);
  // Read again (a second hop, or a proxy that normalises), it still stays home.
  expect(new URL(new URL(location, APP).pathname, APP).origin).toBe(APP);
}

describe("safeRedirectPath", () => {
  test.each([
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/..//evil.example",
    "/././/evil.example/x?y#z",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "https://evil.example/",
    "/a/b/../../..//evil.example",
  ])("%j stays on the site", (target) => {
    const location = safeRedirectPath(target);
    expectSameOriginPath(location);
    expect(location).toBe("/account");
  });

  test.each([
    ["/account?tab=1", "/account?tab=1"],
    ["/my/letters", "/my/letters"],
    ["/my/letters/../letters/new", "/my/letters/new"],
    ["/my/letters#top", "/my/letters#top"],
  ])("%j is kept as %j", (target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
  });

  // Hostile pieces, glued together in any order: every answer is a same-origin path.
  const piece = fc.constantFrom(
    "/",
    "//",
    "\\",
    ".",
    "..",
    "%2e",
    "%2E",
    "%2f",
    "%2F",
    "%5c",
    "%5C",
    "%00",
    "%09",
    "@",
    ":",
    "?",
    "#",
    "evil.example",
    "http:",
    "https:",
    "javascript:",
    "\t",
    "\n",
    "\r",
    " ",
    "\u0000",
    "\u3000",
    "\uff0f",
    "a",
    "%",
  );
  const hostile = fc.oneof(
    fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
    fc.array(piece, { maxLength: 12 }).map((parts) => `/${parts.join("")}`),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.webUrl().map((u) => u.replace(/^https?:/, "")),
    fc.webPath(),
  );

  test.prop([hostile], { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) })("every Location is a same-origin path", (target) => {
    expectSameOriginPath(safeRedirectPath(target));
  });
});
