// Conditional signatures (decision 019): the one rule, the suggested values, the words.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { ReceiptStatus, sealedUntil } from "~/components/signer-receipt";
import { LetterStatus } from "~/domain/letters/lifecycle";
import {
  friendlyCount,
  NAME_AT_MAX,
  nameAtMet,
  nameReadable,
  suggestedNameAts,
  unnamedBeforePublication,
  unnamedInRecord,
} from "~/domain/letters/name-conditions";
import { unnamedTeamsLine } from "~/lib/unnamed-teams";

describe("the rule", () => {
  test("no condition is always met; a condition is met once the live count reaches it", () => {
    expect(nameAtMet(null, 0)).toBe(true);
    expect(nameAtMet(8, 7)).toBe(false);
    expect(nameAtMet(8, 8)).toBe(true);
    expect(nameAtMet(8, 12)).toBe(true);
  });
  test("and only where the letter's names are visible", () => {
    for (const status of [
      LetterStatus.OPEN,
      LetterStatus.AWAITING_TRUSTEES,
      LetterStatus.EXPIRED,
      LetterStatus.CANCELLED,
      LetterStatus.DRAFT,
    ])
      expect(nameReadable({ status, signatureCount: 100 }, null)).toBe(false);
    expect(nameReadable({ status: LetterStatus.REVEALED, signatureCount: 7 }, 8)).toBe(false);
    expect(nameReadable({ status: LetterStatus.REVEALED, signatureCount: 8 }, 8)).toBe(true);
    expect(nameReadable({ status: LetterStatus.PUBLISHED, signatureCount: 12 }, 20)).toBe(false);
  });
});

describe("suggested values", () => {
  test("about 2×, 5× and 10× the threshold, friendly, above it, ascending", () => {
    expect(suggestedNameAts(5)).toEqual([10, 25, 50]);
    expect(suggestedNameAts(100)).toEqual([200, 500, 1000]);
    expect(suggestedNameAts(37)).toEqual([75, 185, 350].map(friendlyCount));
    expect(suggestedNameAts(37)).toEqual([75, 200, 350]);
  });
  test("never above the maximum, never twice, never at or below the threshold", () => {
    expect(suggestedNameAts(NAME_AT_MAX)).toEqual([]);
    expect(suggestedNameAts(300_000)).toEqual([600_000]);
    for (let t = 1; t <= 2_000; t += 7) {
      const values = suggestedNameAts(t);
      expect(new Set(values).size).toBe(values.length);
      expect(values.every((v, i) => v > t && v <= NAME_AT_MAX && (i === 0 || v > values[i - 1]!))).toBe(true);
      expect(values.length).toBeGreaterThan(0);
    }
  });
});

describe("the words", () => {
  test("the organizers' sentence and the record's", () => {
    expect(unnamedBeforePublication(0)).toBeNull();
    expect(unnamedBeforePublication(37)).toBe(
      "And 37 more verified signers who asked to be named only at a higher count; they are named if the count reaches theirs before you publish.",
    );
    expect(unnamedInRecord(0)).toBeNull();
    expect(unnamedInRecord(1_234)).toBe("And 1,234 more verified signatories who asked to be named only once more had signed.");
  });
  test("the unnamed's team counts, hidden ones unsaid", () => {
    expect(unnamedTeamsLine({ teams: null })).toBeNull();
    expect(
      unnamedTeamsLine({
        teams: [
          { team: "Azure", count: null },
          { team: null, count: null },
        ],
      }),
    ).toBeNull();
    expect(
      unnamedTeamsLine({
        teams: [
          { team: "Azure", count: 6 },
          { team: "Bing", count: null },
          { team: null, count: null },
        ],
      }),
    ).toBe("Of them, by team: Azure 6; the other groups are too small to show.");
  });
  test("the receipt says a condition not met yet, and after publication that the name was destroyed", () => {
    const status = (s: LetterStatus, waitingForCount: number | null) =>
      renderToStaticMarkup(
        createElement(ReceiptStatus, { status: s, threshold: 5, deadline: new Date().toISOString(), identity: null, waitingForCount }),
      );
    expect(status(LetterStatus.REVEALED, 20)).toContain("your name stays sealed until 20 have signed");
    expect(status(LetterStatus.REVEALED, 20)).not.toContain("now visible");
    expect(status(LetterStatus.PUBLISHED, 20)).toContain("your sealed name was destroyed");
    expect(status(LetterStatus.REVEALED, null)).toContain("now visible");
    expect(sealedUntil(LetterStatus.OPEN, 5, null, { nameAt: 50, waitingForCount: 50 })).toBe(
      "Your name is sealed until 50 people have signed.",
    );
    expect(sealedUntil(LetterStatus.REVEALED, 5, null, { nameAt: 50, waitingForCount: 50 })).toContain("stays sealed until");
    expect(sealedUntil(LetterStatus.REVEALED, 5, null, { nameAt: 50, waitingForCount: null })).toContain("visible to the organizers now");
  });
});
