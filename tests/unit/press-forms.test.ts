// The press page's forms (app/domain/press/press-forms.ts): limits and their
// messages from one set of constants, and a send turned into what sendToPress takes.
import { describe, expect, test } from "vitest";
import { MAX_PREVIEW_DAYS, MIN_PREVIEW_DAYS } from "~/domain/press/embargo";
import { createPreviewFields, previewInputFrom, sendInputFrom } from "~/domain/press/press-forms";

const preview = { label: "Jane Doe, The Example Times", embargoDate: "2026-12-03", embargoTime: "09:00" };
const messageFor = (expiresInDays: unknown) => {
  const parsed = createPreviewFields.safeParse({ ...preview, expiresInDays });
  return parsed.success ? null : parsed.error.issues.map((issue) => issue.message);
};

describe("how long a preview link works", () => {
  test("from MIN_PREVIEW_DAYS to MAX_PREVIEW_DAYS, each message naming the limit", () => {
    expect(messageFor(MIN_PREVIEW_DAYS)).toBeNull();
    expect(messageFor(MAX_PREVIEW_DAYS)).toBeNull();
    expect(messageFor(MAX_PREVIEW_DAYS + 1)).toEqual([`A link works for at most ${MAX_PREVIEW_DAYS} days.`]);
    expect(messageFor(MIN_PREVIEW_DAYS - 1)).toEqual([`A link works for at least ${MIN_PREVIEW_DAYS} day.`]);
    expect(messageFor("soon")).toEqual([`Enter a number of days, from ${MIN_PREVIEW_DAYS} to ${MAX_PREVIEW_DAYS}.`]);
  });
});

describe("what the forms hand to the domain", () => {
  test("an embargo is the day and time typed, in UTC", () => {
    expect(previewInputFrom({ ...preview, expiresInDays: 7 })).toEqual({
      label: preview.label,
      embargoUntil: new Date("2026-12-03T09:00:00.000Z"),
      expiresInDays: 7,
    });
  });

  test("a send of previews needs the embargo fields; a send of the public page does not", () => {
    const common = { contactIds: ["0b9a2c1e-6f0e-4c38-9d55-2a3c4f9b7e01"], pressContactLine: "Press: Jane" };
    expect(sendInputFrom({ kind: "preview", ...common })).toEqual({
      fieldErrors: {
        embargoDate: ["Enter the embargo day, like 2026-12-03."],
        embargoTime: ["Enter the embargo time, like 09:00."],
        expiresInDays: [`Enter a number of days, from ${MIN_PREVIEW_DAYS} to ${MAX_PREVIEW_DAYS}.`],
      },
    });
    expect(sendInputFrom({ kind: "preview", ...common, embargoDate: "2026-12-03", embargoTime: "09:00", expiresInDays: 7 })).toEqual({
      input: { kind: "preview", ...common, embargoUntil: new Date("2026-12-03T09:00:00.000Z"), expiresInDays: 7 },
    });
    expect(sendInputFrom({ kind: "published", ...common, embargoDate: "2026-12-03" })).toEqual({ input: { kind: "published", ...common } });
  });
});
