// DESIGN.md promise 3: one code path unseals. Any new module that imports
// unsealIdentity or unsealContact (outside the sealing module itself) fails this test.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { LetterStatus, NAMES_VISIBLE_STATUSES } from "~/domain/letters/lifecycle";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

test("only app/domain/letters/unseal.server.ts opens sealed identities", () => {
  const users = [...sourceFiles("app"), ...sourceFiles("scripts")]
    .filter((file) => /\bunseal(Identity|Contact)\b/.test(fs.readFileSync(file, "utf8")))
    .map((file) => path.relative(".", file))
    .sort();
  expect(users).toEqual(["app/crypto/sealing.server.ts", "app/domain/letters/unseal.server.ts"]);
});

test("the unseal path refuses letters that are not REVEALED or PUBLISHED", () => {
  // The rule is the lifecycle's (pinned here), and every name-opening function of the
  // one unseal path asks it; tests/db/unseal-rules.test.ts holds the behaviour.
  expect([...NAMES_VISIBLE_STATUSES]).toEqual([LetterStatus.REVEALED, LetterStatus.PUBLISHED]);
  const source = fs.readFileSync("app/domain/letters/unseal.server.ts", "utf8");
  const opensNames = source.match(/\bunsealIdentity\(/g)?.length ?? 0;
  // nameReadable (decision 019) is namesVisible and the signer's own condition.
  const guards =
    source.match(/if \(!(namesVisible\(letterStatus\(letter\.status\)\)|nameReadable\(\{ status: letterStatus\(letter\.status\))/g)
      ?.length ?? 0;
  expect(opensNames).toBeGreaterThan(0);
  expect(guards).toBeGreaterThanOrEqual(2);
});

test("only the reveal with trustees' shares opens trustee envelopes on the server, and it shows no name", () => {
  // They move each identity from its envelope to an ordinary server seal (as its k-th
  // share arrives, or at "done" for what that missed); names are read later through
  // the one unseal path, under its rule.
  const users = sourceFiles("app")
    .filter((file) => /\bopenWithShares(Fast)?\b/.test(fs.readFileSync(file, "utf8")))
    .map((file) => path.relative(".", file))
    .sort();
  expect(users).toEqual([
    "app/crypto/trustee/index.ts",
    "app/crypto/trustee/open-fast.server.ts",
    "app/crypto/trustee/open.ts",
    "app/domain/trustees/open-completed.server.ts",
    "app/domain/trustees/reveal-with-shares.server.ts",
  ]);
});
