// Issue 13, finding 10: single-line fields refuse what could break a line or
// disguise one text as another; the few multi-line fields allow line breaks only.
import { describe, expect, test } from "vitest";
import { plainText, singleLine } from "~/http/text-fields";
import { draftSchema } from "~/domain/letters/draft-rules";
import { signatureSchema } from "~/domain/letters/signature-rules";
import { oneLine, quoted, quotedBlock } from "~/mail/templates/user-text";

const BREAKERS = ["\r\n", "\n", "\r", "\t", "\u0000", "\u0085", "\u2028", "\u2029", "\u202e", "\u2066", "\u001b[31m"];

describe("singleLine", () => {
  const field = singleLine(100, { required: "Enter a name." });
  test.each(BREAKERS)("refuses %j inside a value, with a clear message", (bad) => {
    const result = field.safeParse(`Ada${bad}Lovelace`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use letters, numbers, spaces and punctuation only, on one line.");
  });

  test("takes ordinary names, trimmed, in any script; refuses empty and too long", () => {
    expect(field.parse("  Zoë O'Brien-Łukasz, 山田 ")).toBe("Zoë O'Brien-Łukasz, 山田");
    expect(field.safeParse("   ").error?.issues[0]?.message).toBe("Enter a name.");
    expect(field.safeParse(undefined).error?.issues[0]?.message).toBe("Enter a name.");
    expect(field.safeParse("x".repeat(101)).error?.issues[0]?.message).toBe("Use at most 100 characters.");
  });
});

describe("plainText", () => {
  test("allows line breaks and tabs, refuses other control characters", () => {
    const field = plainText(500);
    expect(field.parse("Press: Jane\r\n+1 555 0100\tany time")).toBe("Press: Jane\r\n+1 555 0100\tany time");
    for (const bad of ["\u0000", "\u202e", "\u2028", "\u001b"]) expect(field.safeParse(`a${bad}b`).success).toBe(false);
  });
});

describe("every single-line field of a letter and a signature", () => {
  const draft = {
    title: "Cancel the contract",
    addressee: "Satya Nadella, CEO",
    body: "Dear Satya,\n\nWe ask you…",
    organizationName: "Microsoft",
    allowedDomains: "microsoft.com",
    threshold: "10",
    deadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  };
  test.each(["title", "addressee", "organizationName"] as const)("%s refuses a line break", (name) => {
    expect(draftSchema.safeParse(draft).success).toBe(true);
    const result = draftSchema.safeParse({ ...draft, [name]: "First line\r\nSecond paragraph" });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([name]);
  });

  test.each(["name", "title", "publicLine"] as const)("signature %s refuses a line separator", (name) => {
    const schema = signatureSchema(["microsoft.com"]);
    const result = schema.safeParse({ name: "Ada Lovelace", [name]: "Engineer\u2028Azure" });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([name]);
  });
});

describe("user text in mail", () => {
  test("is put on one line and quoted; several lines are each marked as a quotation", () => {
    expect(oneLine("Mallory\r\n\r\nYour account\u2028is locked")).toBe("Mallory Your account is locked");
    expect(quoted("Ada\nLovelace")).toBe('"Ada Lovelace"');
    expect(quotedBlock("Press: Jane\r\n\r\n+1 555 0100")).toBe("> Press: Jane\n>\n> +1 555 0100");
  });
});
