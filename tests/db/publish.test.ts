// Publication (REVEALED → PUBLISHED) on both databases: once however many press
// Publish at once, only for revealed letters and their organizers, under a readable
// unique slug, with a record that is the final list; notices go out once.
import { describe, expect, test, vi } from "vitest";
import { config } from "~/config/env.server";
import { db } from "~/db/client.server";
import { publishLetter, sendPublishNotices } from "~/domain/letters/publish-letter.server";
import { withdrawSignature } from "~/domain/letters/receipt.server";
import { publicSlugBase } from "~/publishing/public-slug.server";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { appErrorResponse } from "~/http/app-errors.server";
import { createUser } from "../support/factories";
import { openedLetter, signAs } from "../support/letters";
import { queuedMail } from "../support/mail";

// buildSnapshot as it is, plus a hook that runs once right after it: lets a test
// change the list between the record being built and the publishing transaction.
const hooks = vi.hoisted(() => ({ afterSnapshot: null as null | (() => Promise<unknown>) }));
vi.mock("~/domain/letters/public-record.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/domain/letters/public-record.server")>();
  return {
    ...real,
    buildSnapshot: async (...args: Parameters<typeof real.buildSnapshot>) => {
      const snapshot = await real.buildSnapshot(...args);
      const hook = hooks.afterSnapshot;
      hooks.afterSnapshot = null;
      if (hook) await hook();
      return snapshot;
    },
  };
});

let signer = 0;
/** A fresh work address, so letters in this file never share signers. */
const workEmail = (domain = "microsoft.com") => `signer${++signer}@${domain}`;

/** A REVEALED letter (threshold 5) signed by `names`, with their contact addresses where given. */
async function revealedLetter(names: string[], { title, contacts = {} }: { title?: string; contacts?: Record<string, string> } = {}) {
  const { organizer, letter } = await openedLetter({ threshold: 5, ...(title ? { title } : {}) });
  const receipts: Record<string, string> = {};
  for (const name of names) {
    const signed = await signAs(letter, workEmail(), { name, title: `Title of ${name}`, contactEmail: contacts[name] ?? null });
    receipts[name] = signed.receiptToken;
  }
  const now = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
  expect(now.status).toBe("REVEALED");
  return { organizer, letter: now, receipts };
}

const FIVE = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"];

async function storedSnapshot(letterId: string) {
  const letter = await db().letter.findUniqueOrThrow({ where: { id: letterId } });
  return { letter, snapshot: JSON.parse(letter.publishedSnapshot!) as PublishedSnapshot };
}

describe("publishLetter", () => {
  test("publishes a revealed letter once: status, slug, date, record and one audit row by the organizer", async () => {
    const { organizer, letter } = await revealedLetter(FIVE);
    const result = await publishLetter(organizer.id, letter.id);
    expect(result.publicSlug).toBe("cancel-the-ice-contract");

    const { letter: after, snapshot } = await storedSnapshot(letter.id);
    expect(after.status).toBe("PUBLISHED");
    expect(after.publicSlug).toBe(result.publicSlug);
    expect(after.publishedAt?.getTime()).toBe(result.publishedAt.getTime());
    expect(snapshot.title).toBe(letter.title);
    expect(snapshot.textHash).toBe(letter.textHash);
    expect(snapshot.count).toBe(5);
    // The public record carries the day only.
    expect(snapshot.publishedAt).toMatch(/T00:00:00\.000Z$/);
    expect(snapshot.publishedAt!.slice(0, 10)).toBe(result.publishedAt.toISOString().slice(0, 10));

    const audit = await db().auditEvent.findMany({ where: { letterId: letter.id, kind: "published" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorUserId).toBe(organizer.id);
  });

  test("publishing twice publishes once; the second is refused", async () => {
    const { organizer, letter } = await revealedLetter(FIVE);
    const first = await publishLetter(organizer.id, letter.id);
    await expect(publishLetter(organizer.id, letter.id)).rejects.toMatchObject({ code: "already-published", status: 409 });
    const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(after.publicSlug).toBe(first.publicSlug);
    expect(after.publishedAt?.getTime()).toBe(first.publishedAt.getTime());
    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "published" } })).toBe(1);
  });

  test("five Publish presses at once: exactly one succeeds, one audit row, one slug", async () => {
    const { organizer, letter } = await revealedLetter(FIVE);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => publishLetter(organizer.id, letter.id)));
    const successes = results.filter((r) => r.status === "fulfilled");
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(successes).toHaveLength(1);
    expect(failures).toHaveLength(4);
    for (const failure of failures) expect(failure.reason).toMatchObject({ code: "already-published", status: 409 });

    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "published" } })).toBe(1);
    const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(after.status).toBe("PUBLISHED");
    expect(after.publicSlug).toBe((successes[0] as PromiseFulfilledResult<{ publicSlug: string }>).value.publicSlug);
  });

  test("a letter that is not REVEALED is refused and left as it was", async () => {
    const { organizer, letter } = await openedLetter({ threshold: 5 });
    await signAs(letter, workEmail());
    await expect(publishLetter(organizer.id, letter.id)).rejects.toMatchObject({ code: "not-revealed", status: 409 });
    const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(after).toMatchObject({ status: "OPEN", publicSlug: null, publishedAt: null, publishedSnapshot: null });
    expect(await db().auditEvent.count({ where: { letterId: letter.id, kind: "published" } })).toBe(0);
  });

  test("someone who is not an organizer gets 404 and publishes nothing", async () => {
    const { letter } = await revealedLetter(FIVE);
    const stranger = await createUser();
    // As HTTP answers what the domain throws (app/http/app-errors.server.ts).
    const refused = await publishLetter(stranger.id, letter.id).catch((thrown: unknown) => appErrorResponse(thrown));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
    expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("REVEALED");
  });
});

describe("the public slug", () => {
  test("is made of the title's lower-case ascii words, at most about 60 characters", () => {
    expect(publicSlugBase("Cancel the ICE contract")).toBe("cancel-the-ice-contract");
    expect(publicSlugBase("  Don't build Maven — Señor Pichai, ¡por favor!  ")).toBe("dont-build-maven-senor-pichai-por-favor");
    expect(publicSlugBase("Ça suffit : 100 % des données")).toBe("ca-suffit-100-des-donnees");
    expect(publicSlugBase("日本語")).toBe("letter");
    const long = publicSlugBase("We the undersigned employees ask our company to stop building surveillance tools for anyone");
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(long).toBe("we-the-undersigned-employees-ask-our-company-to-stop");
  });

  test("is unique: the same title gets -2, -3…, even when published at the same time", async () => {
    const title = "Stop Project Maven";
    const a = await revealedLetter(FIVE, { title });
    const b = await revealedLetter(FIVE, { title });
    const c = await revealedLetter(FIVE, { title });
    expect((await publishLetter(a.organizer.id, a.letter.id)).publicSlug).toBe("stop-project-maven");
    const [second, third] = await Promise.all([publishLetter(b.organizer.id, b.letter.id), publishLetter(c.organizer.id, c.letter.id)]);
    expect([second.publicSlug, third.publicSlug].sort()).toEqual(["stop-project-maven-2", "stop-project-maven-3"]);
  });
});

describe("the published record is the final list", () => {
  test("it names every signatory, and no one who withdrew", async () => {
    const names = [...FIVE, "Margaret Hamilton", "Ken Thompson"];
    const { organizer, letter, receipts } = await revealedLetter(names);
    await withdrawSignature(receipts["Ken Thompson"]!);
    await publishLetter(organizer.id, letter.id);

    const { snapshot } = await storedSnapshot(letter.id);
    const published = snapshot.signatories.map((s) => s.name);
    expect(published).toEqual(names.filter((n) => n !== "Ken Thompson").sort((x, y) => x.localeCompare(y, "en")));
    expect(snapshot.count).toBe(6);
    expect(snapshot.signatories).toContainEqual({ name: "Ada Lovelace", title: "Title of Ada Lovelace", publicLine: "Engineer" });
    expect(snapshot.verificationStatement).toBe("6 signatories each proved a work email at microsoft.com or github.com.");
    expect(JSON.stringify(snapshot)).not.toContain("Ken Thompson");
  });

  test("a withdrawal after the record was built makes publishing build it again, without that name", async () => {
    const names = [...FIVE, "Margaret Hamilton"];
    const { organizer, letter, receipts } = await revealedLetter(names);
    hooks.afterSnapshot = () => withdrawSignature(receipts["Margaret Hamilton"]!);
    await publishLetter(organizer.id, letter.id);
    const { snapshot } = await storedSnapshot(letter.id);
    expect(snapshot.signatories.map((s) => s.name)).not.toContain("Margaret Hamilton");
    expect(snapshot.count).toBe(5);
  });

  test("a signature after the record was built makes publishing build it again, with that name", async () => {
    const { organizer, letter } = await revealedLetter(FIVE);
    hooks.afterSnapshot = () => signAs(letter, workEmail("github.com"), { name: "Late Signer" });
    await publishLetter(organizer.id, letter.id);
    const { snapshot } = await storedSnapshot(letter.id);
    expect(snapshot.signatories.map((s) => s.name)).toContain("Late Signer");
    expect(snapshot.count).toBe(6);
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(6);
  });

  test("after publication a signature can no longer be withdrawn", async () => {
    const { organizer, letter, receipts } = await revealedLetter(FIVE);
    await publishLetter(organizer.id, letter.id);
    await expect(withdrawSignature(receipts["Ada Lovelace"]!)).rejects.toMatchObject({ code: "final" });
    expect(await db().signature.count({ where: { letterId: letter.id } })).toBe(5);
  });

  test("a withdrawal racing the publication is either in the record or refused, never both", async () => {
    const names = [...FIVE, "Margaret Hamilton"];
    const { organizer, letter, receipts } = await revealedLetter(names);
    const [published, withdrawn] = await Promise.allSettled([
      publishLetter(organizer.id, letter.id),
      withdrawSignature(receipts["Margaret Hamilton"]!),
    ]);
    expect(published.status).toBe("fulfilled");
    const { snapshot } = await storedSnapshot(letter.id);
    const remaining = await db().signature.count({ where: { letterId: letter.id } });
    expect(snapshot.count).toBe(remaining);
    const inRecord = snapshot.signatories.some((s) => s.name === "Margaret Hamilton");
    expect(inRecord).toBe(withdrawn.status === "rejected");
  });
});

describe("publish notices", () => {
  test("signers who left a contact address get the public link once; organizers too; nobody else", async () => {
    const contacts = { "Ada Lovelace": "ada@personal.example", "Grace Hopper": "grace@personal.example" };
    const { organizer, letter } = await revealedLetter(FIVE, { contacts });
    // Nothing is sent before publication.
    await sendPublishNotices();
    expect(await queuedMail({ kind: "letter-published", to: "ada@personal.example" })).toHaveLength(0);
    const { publicSlug } = await publishLetter(organizer.id, letter.id);

    // Several workers at once, then again: each address is told once.
    await Promise.all([sendPublishNotices(), sendPublishNotices(), sendPublishNotices()]);
    await sendPublishNotices();

    const mails = await queuedMail({ kind: "letter-published" });
    const forThisLetter = mails.filter((m) => m.text.includes(`/letters/${publicSlug}`));
    expect(forThisLetter.map((m) => m.to).sort()).toEqual([organizer.email, "ada@personal.example", "grace@personal.example"].sort());
    for (const mail of forThisLetter) {
      expect(mail.text).toContain(`${config().appUrl}/letters/${publicSlug}`);
      expect(mail.subject).toContain(letter.title);
    }
    const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(after.publishNoticesAt).not.toBeNull();
  });
});
