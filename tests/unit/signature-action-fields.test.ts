// The signature step's action takes a name or, for a letter with trustees, the
// envelope the browser sealed. A missing name must still be said beside its field
// when another field failed too (the consent box unticked), as the page without
// JavaScript shows it (tests/e2e/careful-users).
import { expect, test } from "vitest";
import { z } from "zod";
import { signatureActionFields } from "~/domain/letters/signature-rules";

const schema = signatureActionFields(["microsoft.com"]).extend({ intent: z.literal("sign") });
const paths = (input: Record<string, unknown>) => schema.safeParse(input).error?.issues.map((i) => i.path.join(".")) ?? [];

test("no name and no consent: both fields are told", () => {
  expect(paths({ intent: "sign", publicLine: "Engineer" })).toEqual(expect.arrayContaining(["name", "consent"]));
});

test("no name, consent given: the name is told", () => {
  expect(paths({ intent: "sign", publicLine: "Engineer", consent: true })).toEqual(["name"]);
});

test("an envelope instead of the name passes here (the domain checks it)", () => {
  expect(schema.safeParse({ intent: "sign", consent: true, sealedIdentity: "abc" }).success).toBe(true);
});
