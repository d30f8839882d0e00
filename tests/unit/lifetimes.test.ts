// Pages and mail state how long codes and links work from the constants the server
// enforces: the words must follow the numbers.
import { describe, expect, test } from "vitest";
import { CODE_TTL_MS, RESET_TTL_MS, durationInWords } from "~/lib/lifetimes";
import { signingCodeMail } from "~/mail/templates/letters.server";
import { SIGNING_CODE_TTL_MS } from "~/domain/letters/signing-verification.server";

describe("lifetimes in words", () => {
  test("minutes and hours read as people say them", () => {
    expect(durationInWords(60_000)).toBe("one minute");
    expect(durationInWords(10 * 60_000)).toBe("10 minutes");
    expect(durationInWords(90 * 60_000)).toBe("90 minutes");
    expect(durationInWords(60 * 60_000)).toBe("one hour");
    expect(durationInWords(3 * 60 * 60_000)).toBe("3 hours");
  });

  test("the signing code's mail states the lifetime the server enforces", () => {
    expect(SIGNING_CODE_TTL_MS).toBe(CODE_TTL_MS);
    expect(signingCodeMail("12345678").text).toContain(`for ${durationInWords(CODE_TTL_MS)}.`);
    expect(durationInWords(RESET_TTL_MS)).toBe("one hour");
  });
});
