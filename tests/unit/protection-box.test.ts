// "How you are protected" sits on every letter page; each line must hold for a
// signer at the letter's status, since a scared signer decides by it.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { ProtectionBox } from "~/components/protection-box";
import { letterStatus } from "~/domain/letters/lifecycle";

const box = (status?: string) =>
  renderToStaticMarkup(createElement(ProtectionBox, { status: status === undefined ? undefined : letterStatus(status) })).replace(
    /<[^>]+>/g,
    "",
  );

test.each([undefined, "OPEN", "EXPIRED", "CANCELLED"])(
  "status %s: the name is sealed until the threshold, destroyed if it is missed",
  (status) => {
    expect(box(status)).toContain("Your name is sealed.");
    expect(box(status)).toContain("If the threshold is missed by the deadline, everything is destroyed");
  },
);

test("a revealed letter: a new signature is seen at once and can be withdrawn until publication", () => {
  const text = box("REVEALED");
  expect(text).toContain("names are unsealed. If you sign now, the organizers see your name and title at once");
  expect(text).toContain("Until the letter is published you can withdraw");
  expect(text).not.toMatch(/Your name is sealed|threshold is missed/);
});

test("a published letter: the names are public, and nothing promises otherwise", () => {
  const text = box("PUBLISHED");
  expect(text).toContain("The names are public.");
  expect(text).not.toMatch(/Your name is sealed|threshold is missed|withdraw/);
});

test.each([undefined, "OPEN", "REVEALED", "PUBLISHED"])("status %s: the work-email, timing and limits lines stay", (status) => {
  const text = box(status);
  expect(text).toContain("Your work email is used once");
  expect(text).toContain("Nobody can tell when you signed.");
  expect(text).toContain("your employer’s mail server will see one verification email arrive");
});

const trusteeBox = (status: string, codeSha256: string | null = "ab".repeat(32)) =>
  renderToStaticMarkup(
    createElement(ProtectionBox, { status: letterStatus(status), trustees: { threshold: 2, count: 3, codeSha256 } }),
  ).replace(/<[^>]+>/g, "");

test.each(["OPEN", "AWAITING_TRUSTEES"])(
  "status %s with trustees: k of n, the code's hash, JS on and off, the contact address",
  (status) => {
    const text = trusteeBox(status);
    expect(text).toContain("Your name is sealed for the letter’s trustees: 2 of its 3 must agree");
    expect(text).toContain(`SHA-256 ${"ab".repeat(32)}`);
    expect(text).toContain("With JavaScript on, your browser seals your name");
    expect(text).toContain("With JavaScript off, this server seals it with the same trustees’ keys");
    expect(text).toContain("contact address, if you leave one, is sealed by this server");
    // What is true replaces "must be trusted": the server cannot read names alone.
    expect(text).not.toContain("Whoever runs this server must be trusted.");
    expect(text).toContain("Whoever runs this server cannot read names alone");
  },
);

test("with trustees, once the names are out the box says what is true for a new signature, as for any letter", () => {
  const text = trusteeBox("REVEALED");
  expect(text).not.toContain("sealed for the letter’s trustees");
  expect(text).toContain("Whoever runs this server must be trusted.");
  expect(text).toContain("names are unsealed");
});

test("without trustees the box is unchanged", () => {
  expect(box("OPEN")).toContain("Whoever runs this server must be trusted.");
  expect(box("OPEN")).not.toMatch(/trustees|JavaScript/);
});

const receiptBox = (status: string) =>
  renderToStaticMarkup(
    createElement(ProtectionBox, {
      status: letterStatus(status),
      trustees: { threshold: 2, count: 3, codeSha256: "cd".repeat(32) },
      signed: true,
    }),
  ).replace(/<[^>]+>/g, "");

test.each(["OPEN", "AWAITING_TRUSTEES"])(
  "status %s, on the receipt of a signature sealed for the trustees: how it was sealed, either way, and the contact address",
  (status) => {
    const text = receiptBox(status);
    expect(text).toContain("Your name is sealed for the letter’s trustees: 2 of its 3 must agree");
    expect(text).toContain(`by your browser, if JavaScript was on, with code this server sent you (SHA-256 ${"cd".repeat(32)}`);
    expect(text).toContain("by this server the moment your form arrived, if JavaScript was off, with the same trustees’ keys");
    expect(text).toContain("Your personal contact address, if you left one, is sealed by this server");
    expect(text).toContain("Whoever runs this server cannot read your name alone.");
    // A signer reading their receipt is not told what signing would do.
    expect(text).not.toMatch(/With JavaScript on, your browser seals|Your name is sealed\. It is encrypted|must be trusted/);
  },
);
