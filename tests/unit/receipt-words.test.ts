// What the receipt and the letter's status say must be true of the moment they are
// read: past the threshold no "sealed until N have signed" (the reader may be the
// signer who met it), and the count's batch as configured, not a fixed "hour".
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { sealedUntil } from "~/components/signer-receipt";
import { StatusPanel } from "~/components/status-panel";
import { LetterStatus } from "~/domain/letters/lifecycle";

const trustees = { threshold: 2, count: 3, codeSha256: null };

describe("the sentence right after signing", () => {
  test("while collecting, until when and for whom", () => {
    expect(sealedUntil(LetterStatus.OPEN, 500, null)).toBe("Your name is sealed until 500 people have signed.");
    expect(sealedUntil(LetterStatus.OPEN, 500, trustees)).toContain("2 of its 3 trustees release the names");
  });
  test("past the threshold it promises no seal that is not there", () => {
    const revealed = sealedUntil(LetterStatus.REVEALED, 500, null);
    expect(revealed).toBe("The threshold is met: your name is visible to the organizers now.");
    for (const text of [
      sealedUntil(LetterStatus.AWAITING_TRUSTEES, 500, trustees),
      sealedUntil(LetterStatus.AWAITING_TRUSTEES, 500, null),
    ]) {
      expect(text).not.toContain("500 people");
      expect(text).toMatch(/trustees release the names/);
    }
  });
});

test("the status panel says how often the count moves, as configured", () => {
  const letter = { status: LetterStatus.OPEN, count: 0, threshold: 50, deadline: new Date(Date.now() + 86_400_000).toISOString() };
  const html = (countBatch: string) => renderToStaticMarkup(createElement(StatusPanel, { letter: { ...letter, countBatch } }));
  expect(html("once an hour")).toContain("The count moves in batches, about once an hour.");
  expect(html("every 15 minutes")).toContain("The count moves in batches, about every 15 minutes.");
  expect(html("every 15 minutes")).not.toContain("hour");
});
