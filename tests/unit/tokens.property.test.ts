// Properties of bearer tokens and typed codes over any input an attacker could send:
// a token is recognised only in its one exact shape, a new one always is, and a typed
// code accepts exactly the spellings a person copies from the email.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { CODE_DIGITS, typedCode } from "~/auth/typed-code";
import { hashSecret, newToken, parseToken, randomSecret, secretMatches } from "~/crypto/tokens.server";

const SYMBOLS = "abcdefghijkmnpqrstuvwxyz23456789";

describe("bearer tokens", () => {
  test.prop([fc.string({ unit: "binary", maxLength: 120 })])("anything but the exact shape is not a token", (raw) => {
    const parsed = parseToken(raw);
    if (parsed === null) return;
    // Nothing around it, no second dot, nothing outside the alphabet: the text is the token.
    expect(`${parsed.id}.${parsed.secret}`).toBe(raw);
    expect(raw).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
  });

  test.prop([fc.constant(null)], { numRuns: 200 })("a new token parses back and proves its own secret only", () => {
    const { id, secret, token, secretHash } = newToken();
    expect(parseToken(token)).toEqual({ id, secret });
    expect(secretMatches(secret, secretHash)).toBe(true);
    expect(secretMatches(id, secretHash)).toBe(false);
    for (const part of [id, secret]) {
      expect(part).toHaveLength(24);
      for (const symbol of part) expect(SYMBOLS).toContain(symbol);
    }
  });

  test.prop([fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 })])("a secret's hash matches that secret only", (a, b) => {
    fc.pre(a !== b);
    expect(secretMatches(a, hashSecret(a))).toBe(true);
    expect(secretMatches(b, hashSecret(a))).toBe(false);
  });

  test("random secrets do not repeat", () => {
    const seen = new Set(Array.from({ length: 5_000 }, () => randomSecret()));
    expect(seen.size).toBe(5_000);
  });
});

describe("typed codes", () => {
  const digits = fc.stringMatching(new RegExp(`^[0-9]{${CODE_DIGITS}}$`));
  const separators = fc.array(fc.constantFrom("", " ", "-", "  ", "\t"), { minLength: CODE_DIGITS + 1, maxLength: CODE_DIGITS + 1 });

  test.prop([digits, separators])("the code with spaces or dashes anywhere is the code", (code, seps) => {
    const typed = [...code].map((d, i) => seps[i] + d).join("") + seps[CODE_DIGITS];
    fc.pre(typed.length <= 40);
    expect(typedCode.parse(typed)).toBe(code);
  });

  test.prop([fc.string({ unit: "binary", maxLength: 60 })])("anything else is refused, never thrown past the schema", (typed) => {
    const result = typedCode.safeParse(typed);
    const stripped = typed.replace(/[\s-]/g, "");
    const isCode = typed.length <= 40 && new RegExp(`^[0-9]{${CODE_DIGITS}}$`).test(stripped);
    expect(result.success).toBe(isCode);
    if (result.success) expect(result.data).toBe(stripped);
  });
});
