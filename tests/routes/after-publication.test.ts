// After publication, through the routes (issue 16): the unsubscribe link works with
// one POST and no sign-in, a GET changes nothing; updates reach the public page,
// the JSON record and the feed; the privacy scans cover the update mail.
import fs from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { sqliteFilePath } from "~/db/sqlite-path.server";
import { postUpdate } from "~/domain/letters/after-publication/post-update.server";
import { sendUpdateMail } from "~/domain/letters/after-publication/update-mail.server";
import { localMailbox } from "~/mail/transport.server";
import { deliverDueMail } from "~/mail/worker.server";
import { loader as feedLoader } from "~/routes/letters[.]atom";
import { loader as jsonLoader } from "~/routes/letters.$slug.letter[.]json";
import { loader as pageLoader } from "~/routes/letters.$slug";
import { action as unsubscribeAction, loader as unsubscribeLoader } from "~/routes/unsubscribe.$token";
import { tableNames } from "../support/tables";
import { queuedMail } from "../support/mail";
import { publishedLetter } from "../support/published";
import { call, get } from "./support";

const CONTACTS = ["reader.one@home.example", "reader.two@home.example"];
let slug = "";
let tokens: string[] = [];

beforeAll(async () => {
  const published = await publishedLetter([...CONTACTS, null, null, null]);
  slug = published.publicSlug;
  await postUpdate(published.organizer.id, published.letterId, "The CEO **answered** on Friday.");
  await sendUpdateMail();
  const mails = await queuedMail({ kind: "letter-update" });
  tokens = mails.map((m) => /unsubscribe\/([a-z2-9]{24})>/.exec(m.headers!["List-Unsubscribe"]!)![1]!);
  expect(tokens).toHaveLength(2);
});

function oneClick(token: string) {
  // As a mail provider sends it (RFC 8058): multipart, no cookie, no Origin.
  const body = new FormData();
  body.set("List-Unsubscribe", "One-Click");
  return new Request(`http://localhost/unsubscribe/${token}`, { method: "POST", body });
}

describe("unsubscribe", () => {
  test("a GET shows the button and changes nothing; one POST without sign-in erases the address", async () => {
    const before = await db().signature.count({ where: { sealedContact: { not: null } } });
    const page = (await call(unsubscribeLoader, get(`/unsubscribe/${tokens[0]}`), { params: { token: tokens[0] } })) as {
      letter: { title: string };
    };
    expect(page.letter.title).toBe("Cancel the ICE contract");
    expect(await db().signature.count({ where: { sealedContact: { not: null } } })).toBe(before);

    const done = (await call(unsubscribeAction, oneClick(tokens[0]!), { params: { token: tokens[0] } })) as { done: boolean };
    expect(done.done).toBe(true);
    expect(await db().signature.count({ where: { sealedContact: { not: null } } })).toBe(before - 1);
  });

  test("an unknown or malformed link is a 404", async () => {
    for (const token of ["b".repeat(24), "not-a-token"]) {
      // A Response (malformed: NotFoundError) or the mapped AppError's data (unknown).
      const answer = (await call(unsubscribeAction, oneClick(token), { params: { token } }).catch((thrown: unknown) => thrown)) as
        Response | { init: { status: number } };
      expect(answer instanceof Response ? answer.status : answer.init.status).toBe(404);
    }
  });
});

describe("where updates appear", () => {
  test("the public page, newest first; the JSON record; the Atom feed", async () => {
    const page = (await call(pageLoader, get(`/letters/${slug}`), { params: { slug } })) as {
      data: { after: { updates: { bodyHtml: string }[] } };
    };
    expect(page.data.after.updates[0]!.bodyHtml).toContain("<strong>answered</strong>");
    const json = JSON.parse(await ((await call(jsonLoader, get(`/letters/${slug}/letter.json`), { params: { slug } })) as Response).text());
    expect(json.updates[0].text).toBe("The CEO **answered** on Friday.");
    expect(json.updates[0].postedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const feed = await ((await call(feedLoader, get("/letters.atom"))) as Response).text();
    expect(feed).toContain("Update on “Cancel the ICE contract”");
    expect(feed).toContain(`#update-`);
  });
});

describe("privacy: update mail leaves no contact address or unsubscribe secret behind", () => {
  test("after delivery, no table, no database file and no local mailbox file name holds them", async () => {
    await deliverDueMail({ db: db(), transport: localMailbox(`${process.env.DATA_DIR}/mailbox`), from: "x@y.z" });
    const secrets = [...CONTACTS, ...tokens];
    for (const table of await tableNames()) {
      const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
      const dump = JSON.stringify(rows, (_k, v) =>
        v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : typeof v === "bigint" ? String(v) : v,
      );
      for (const secret of secrets) expect(dump, table).not.toContain(secret);
    }
    const url = process.env.DATABASE_URL!;
    if (!url.startsWith("file:")) return;
    const file = sqliteFilePath(url);
    const bytes = Buffer.concat([file, `${file}-wal`].map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0)))).toString(
      "latin1",
    );
    for (const secret of secrets) expect(bytes).not.toContain(secret);
  });
});
