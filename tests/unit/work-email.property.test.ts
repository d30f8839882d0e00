// Properties of the work-address tag that stops double signing (privacy promise 1):
// every spelling of one mailbox the form accepts (case, "+tag", surrounding spaces)
// gives one tag, and different mailboxes, or one mailbox on different letters, never share one.
import crypto from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { z } from "zod";
import { canonicalWorkEmail, workEmailTag } from "~/domain/letters/work-email.server";

// What the signing form accepts (l.$slug.sign/, signature-rules.ts): a trimmed z.email() of at most 254 characters.
const acceptedByForm = (address: string) => z.string().trim().max(254).pipe(z.email()).safeParse(address).success;

const atom = fc.stringMatching(/^[a-z0-9_'-]{1,12}$/);
const local = fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join("."));
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom("com", "org", "example", "io"))
  .map(([labels, tld]) => [...labels, tld].join("."));
/** A mailbox in its canonical spelling: lower case, no "+tag". */
const mailbox = fc
  .tuple(local, domain)
  .map(([l, d]) => `${l}@${d}`)
  .filter(acceptedByForm);
const subaddress = fc.stringMatching(/^[a-z0-9_+.-]{0,12}$/);
const letterId = fc.uuid();

/** Upper-cases the characters picked by `mask`. */
const recase = (text: string, mask: boolean[]) =>
  [...text].map((c, i) => (mask[i % Math.max(1, mask.length)] ? c.toUpperCase() : c)).join("");

/** The same mailbox as a signer might type it. */
const spelling = fc
  .record({
    mask: fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
    tag: fc.option(subaddress),
    before: fc.constantFrom("", " ", "\t"),
    after: fc.constantFrom("", " ", "\n"),
  })
  .map(({ mask, tag, before, after }) => (box: string) => {
    const at = box.lastIndexOf("@");
    const typed = `${box.slice(0, at)}${tag === null ? "" : `+${tag}`}@${box.slice(at + 1)}`;
    return `${before}${recase(typed, mask)}${after}`;
  });

describe("the work-address tag", () => {
  test.prop([mailbox, spelling, letterId])("every accepted spelling of one mailbox gives its one tag", (box, spell, letter) => {
    const typed = spell(box);
    fc.pre(acceptedByForm(typed));
    const { canonical, domain: typedDomain } = canonicalWorkEmail(typed);
    expect(canonical).toBe(box);
    expect(typedDomain).toBe(box.slice(box.lastIndexOf("@") + 1));
    expect(workEmailTag(letter, canonical)).toEqual(workEmailTag(letter, canonicalWorkEmail(box).canonical));
  });

  test.prop([mailbox, mailbox, letterId])("different mailboxes never share a tag", (a, b, letter) => {
    fc.pre(a !== b);
    expect(workEmailTag(letter, canonicalWorkEmail(a).canonical)).not.toEqual(workEmailTag(letter, canonicalWorkEmail(b).canonical));
  });

  test.prop([mailbox, letterId, letterId])("one mailbox has unrelated tags on different letters", (box, first, second) => {
    fc.pre(first !== second);
    const { canonical } = canonicalWorkEmail(box);
    expect(workEmailTag(first, canonical)).not.toEqual(workEmailTag(second, canonical));
  });

  test.prop([fc.string({ unit: "binary", maxLength: 80 })])("canonical spelling is a fixed point: lower case, no +tag", (typed) => {
    let canonical: string;
    try {
      canonical = canonicalWorkEmail(typed).canonical;
    } catch {
      return; // refused with the form's message: nothing to tag
    }
    expect(canonicalWorkEmail(canonical).canonical).toBe(canonical);
    expect(canonical).toBe(canonical.toLowerCase());
    expect(canonical.slice(0, canonical.lastIndexOf("@"))).not.toContain("+");
  });

  test("the tag is keyed: it is not a plain hash of the address an employer could compute", () => {
    const box = "jane.doe@corp.example";
    const letter = crypto.randomUUID();
    const tag = Buffer.from(workEmailTag(letter, box)).toString("hex");
    for (const input of [box, `${letter}\u0000${box}`, `signer-email\u0000${letter}\u0000${box}`]) {
      expect(tag).not.toBe(crypto.createHash("sha256").update(input).digest("hex"));
    }
  });
});
