// The signer's journey through the route modules, with real Requests against this
// file's own SQLite database: letter page → work email → code → signature → receipt.
import crypto from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { ProtectionBox } from "~/components/protection-box";
import { StatusPanel } from "~/components/status-panel";
import { db } from "~/db/client.server";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { countInWords } from "~/domain/letters/counts";
import type { DraftInput } from "~/domain/letters/draft-rules";
import { endOfDayUtc } from "~/domain/letters/draft-rules";
import { privateSlug } from "~/domain/letters/private-link.server";
import * as letterRoute from "~/routes/l.$slug";
import * as signRoute from "~/routes/l.$slug.sign/route";
import * as receiptRoute from "~/routes/receipt.$token";
import { useForm } from "@conform-to/react";
import { RadioField } from "~/components/forms";
import { ReceiptStatus } from "~/components/signer-receipt";
import type { LetterStatus } from "~/domain/letters/lifecycle";
import { NAME_AT_HINT, nameAtOptions } from "~/routes/l.$slug.sign/signature-step";
import { codeFrom, createUser } from "../support/factories";
import { call, cookieFrom, expectData, expectRedirect, get, isCleared, newIp, post } from "./support";
import { lastSentTo, queuedMail, sentMail } from "../support/mail";
import { memoryMailSettled } from "~/mail/memory-sender.server";

type LetterData = Awaited<ReturnType<typeof letterRoute.loader>>;
type SignData = Awaited<ReturnType<typeof signRoute.loader>>;
type ReceiptData = {
  found: true;
  receiptUrl: string | null;
  identity: { name: string } | null;
  publicLine: string | null;
  letter: { status: string };
  canWithdraw: boolean;
};

const THRESHOLD = 5;

function inDays(days: number) {
  return endOfDayUtc(new Date(Date.now() + days * 24 * 60 * 60_000).toISOString().slice(0, 10));
}

async function openTestLetter(overrides: Partial<DraftInput> = {}) {
  const user = await createUser();
  const input: DraftInput = {
    title: "Cancel the ICE contract",
    addressee: "Satya Nadella, CEO",
    body: "We, the undersigned, ask you to **cancel** the contract.",
    organizationName: "Microsoft",
    allowedDomains: ["microsoft.com", "github.com"],
    threshold: THRESHOLD,
    deadline: inDays(10),
    noteToSigners: "Please sign from a personal device.",
    // Revealed at the threshold: these tests are not about the cooling-off period (decision 020).
    coolingOffHours: 0,
    ...overrides,
  };
  const letter = await createDraft(user.id, input);
  await openLetter(user, letter.id);
  return { user, letterId: letter.id, slug: privateSlug(letter.id) };
}

let counter = 0;
const workEmail = (domain = "microsoft.com") => `signer.${++counter}.${crypto.randomBytes(3).toString("hex")}@${domain}`;

const signPath = (slug: string) => `/l/${slug}/sign`;

async function letterPage(slug: string) {
  return (await call(letterRoute.loader, get(`/l/${slug}`), { params: { slug } })) as LetterData;
}

async function signPage(slug: string, cookie?: string) {
  return (await call(signRoute.loader, get(signPath(slug), { cookie }), { params: { slug } })) as SignData;
}

function submit(slug: string, fields: Record<string, string>, cookie?: string, ip = newIp()) {
  return call(signRoute.action, post(signPath(slug), fields, { cookie }), { params: { slug }, ip });
}

async function latestSigningCode(email: string) {
  return codeFrom((await lastSentTo(email, (m) => m.kind === "signing-code")).text);
}

/** Work email → code: the Cookie header value of a verified browser. */
async function verifiedBrowser(slug: string, email: string) {
  const requested = expectRedirect(await submit(slug, { intent: "request-code", email }), signPath(slug));
  const cookie = cookieFrom(requested.setCookies, "signing");
  const code = await latestSigningCode(email);
  const verified = expectRedirect(
    await submit(slug, { intent: "verify-code", code: `${code.slice(0, 4)} ${code.slice(4)}` }, cookie),
    signPath(slug),
  );
  expect(cookieFrom(verified.setCookies, "signing")).toBe(cookie);
  return cookie;
}

const signature = (overrides: Record<string, string> = {}) => ({
  intent: "sign",
  publicLine: "Engineer, Azure",
  name: "Dana Quinn",
  title: "Senior Engineer",
  contactEmail: "",
  consent: "on",
  ...overrides,
});

/** The whole flow; returns the receipt token. */
async function signAs(slug: string, email = workEmail(), fields: Record<string, string> = {}) {
  const cookie = await verifiedBrowser(slug, email);
  const signed = expectRedirect(await submit(slug, signature(fields), cookie));
  expect(signed.location).toMatch(/^\/receipt\/[a-z2-9]{24}\.[a-z2-9]{24}\?new=1$/);
  expect(isCleared(signed.setCookies, "signing")).toBe(true);
  return signed.location.slice("/receipt/".length, -"?new=1".length);
}

async function receiptPage(token: string, query = "") {
  return call(receiptRoute.loader, get(`/receipt/${token}${query}`), { params: { token } });
}

describe("the letter page", () => {
  test("shows the open letter, its status and the way to sign, under a generic title", async () => {
    const { slug } = await openTestLetter();
    const { letter, signPath: link } = await letterPage(slug);
    expect(letter).toMatchObject({
      status: "OPEN",
      title: "Cancel the ICE contract",
      allowedDomains: ["microsoft.com", "github.com"],
      threshold: THRESHOLD,
      noteToSigners: "Please sign from a personal device.",
      publicLines: [],
    });
    expect(letter.bodyHtml).toContain("<strong>cancel</strong>");
    expect(letter.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(link).toBe(signPath(slug));
    expect(letter).not.toHaveProperty("id");

    const meta = letterRoute.meta({} as never) as { title?: string; name?: string; content?: string }[];
    expect(meta).toContainEqual({ title: "A letter — Undersigned" });
    expect(meta).toContainEqual({ name: "robots", content: "noindex" });
    expect(JSON.stringify(meta)).not.toContain(slug);
    for (const route of [signRoute, receiptRoute]) {
      const routeMeta = route.meta({} as never);
      expect(routeMeta).toContainEqual({ name: "robots", content: "noindex" });
      expect(JSON.stringify(routeMeta)).not.toMatch(/ICE|Microsoft/);
    }
  });

  test("an unknown or malformed slug is a 404", async () => {
    for (const slug of ["a".repeat(26), "../../etc", "", "X".repeat(500)]) {
      const result = await call(letterRoute.loader, get("/l/x"), { params: { slug } });
      expect(result).toBeInstanceOf(Response);
      expect((result as Response).status).toBe(404);
      const sign = await call(signRoute.loader, get("/l/x/sign"), { params: { slug } });
      expect((sign as Response).status).toBe(404);
    }
  });

  test("the count says 'fewer than 5' and the exact small number never leaves the server", async () => {
    const { slug, letterId } = await openTestLetter();
    await signAs(slug, workEmail(), { publicLine: "Engineer, Azure" });
    await signAs(slug, workEmail("github.com"), { publicLine: "" });
    // Unlisted until the next batch: nothing moves right after signing.
    expect((await letterPage(slug)).letter.publicLines).toEqual([]);
    await publishCountBatches(new Date(Date.now() + 2 * 60 * 60_000));

    const { letter } = await letterPage(slug);
    expect(await db().signature.count({ where: { letterId, listed: true } })).toBe(2);
    expect(letter.count).toBe(0);
    expect(countInWords(letter.count)).toBe("fewer than 5");
    // Below five nothing is listed either: two lines would count the signers (issue 13, finding 4).
    expect(letter.publicLines).toEqual([]);
    const html = renderToStaticMarkup(createElement(StatusPanel, { letter, audience: "signer" }));
    expect(html).toContain("fewer than 5");
    expect(html).toContain("progress-0");
    const box = renderToStaticMarkup(createElement(ProtectionBox, { status: letter.status }));
    expect(box).toContain("Your name is sealed");
    expect(box).toContain("If the threshold is missed");
  });

  test("at the reveal every public line shows at once, and no signature row is rewritten", async () => {
    const { slug, letterId } = await openTestLetter();
    for (let i = 0; i < THRESHOLD - 1; i++) await signAs(slug, workEmail(), { publicLine: `Team ${i}` });
    expect((await letterPage(slug)).letter.publicLines).toEqual([]);
    await signAs(slug, workEmail(), { publicLine: `Team ${THRESHOLD - 1}` });

    const { letter } = await letterPage(slug);
    expect(letter.status).toBe("REVEALED");
    expect([...letter.publicLines].sort()).toEqual(Array.from({ length: THRESHOLD }, (_, i) => `Team ${i}`));
    // Listed by the letter's status: the crossing signature did not mark rows.
    expect(await db().signature.count({ where: { letterId, listed: true } })).toBe(0);
    // The letter still takes signatures: "How you are protected" must not promise a
    // new signer a sealed name any more, nor destruction if the threshold is missed.
    const box = renderToStaticMarkup(createElement(ProtectionBox, { status: letter.status }));
    expect(box).toContain("If you sign now, the organizers see your name and title at once");
    expect(box).toContain("you can withdraw");
    expect(box).not.toContain("Your name is sealed");
    expect(box).not.toContain("If the threshold is missed");
  });

  test("a cancelled letter shows nothing of its signers and no way to sign", async () => {
    const { slug, user, letterId } = await openTestLetter();
    await signAs(slug);
    await publishCountBatches(new Date(Date.now() + 2 * 60 * 60_000));
    await cancelLetter(user.id, letterId);
    const { letter } = await letterPage(slug);
    expect(letter.status).toBe("CANCELLED");
    expect(letter.publicLines).toEqual([]);
    expect(letter.count).toBe(0);
    expect((await signPage(slug)).step).toBe("closed");
    const { data } = expectData(await submit(slug, { intent: "request-code", email: workEmail() }), 409);
    expect(data.error?.[""]).toEqual(["This letter is not collecting signatures."]);
  });
});

describe("signing", () => {
  test("a work address at another domain gets a 400 next to the field, and nothing is created", async () => {
    const { slug } = await openTestLetter();
    const email = "dana@gmail.com";
    const { data } = expectData(await submit(slug, { intent: "request-code", email }), 400);
    expect(data.error?.email).toEqual(["This letter is for people at Microsoft: use an address ending in @microsoft.com or @github.com."]);
    expect(data.error?.[""]).toBeUndefined();
    expect(await db().signingVerification.count()).toBe(0);
    await memoryMailSettled();
    expect(sentMail().sent.filter((m) => m.to === email)).toHaveLength(0);
    expect(await db().outboxMessage.count()).toBe(0);
  });

  test("the whole flow, step by step, ends on a receipt that shows no name before the reveal", async () => {
    const { slug, letterId } = await openTestLetter();
    const email = workEmail();

    expect(await signPage(slug)).toMatchObject({ step: "email", timedOut: false, letterPath: `/l/${slug}` });

    const requested = expectRedirect(await submit(slug, { intent: "request-code", email: ` ${email} ` }), signPath(slug));
    const setCookie = requested.setCookies.find((c) => c.startsWith("signing="))!;
    expect(setCookie).toMatch(/HttpOnly; SameSite=Lax; Max-Age=4200/);
    const cookie = cookieFrom(requested.setCookies, "signing");
    expect((await signPage(slug, cookie)).step).toBe("code");
    const mail = await lastSentTo(email);
    expect(`${mail.subject}\n${mail.text}`).not.toMatch(/ICE|Microsoft|letter|Undersigned/i);

    const code = await latestSigningCode(email);
    const wrong = code === "00000000" ? "11111111" : "00000000";
    const { data: wrongAnswer } = expectData(await submit(slug, { intent: "verify-code", code: wrong }, cookie), 400);
    expect(wrongAnswer.error?.code).toEqual(["That code is not right. Check the latest email and try again."]);

    expectRedirect(await submit(slug, { intent: "verify-code", code: `${code.slice(0, 4)}-${code.slice(4)}` }, cookie), signPath(slug));
    expect((await signPage(slug, cookie)).step).toBe("sign");

    const signed = expectRedirect(await submit(slug, signature({ contactEmail: "dana@personal.example" }), cookie));
    expect(isCleared(signed.setCookies, "signing")).toBe(true);
    const token = signed.location.replace(/^\/receipt\//, "").replace(/\?new=1$/, "");

    const row = await db().signature.findFirstOrThrow({ where: { letterId } });
    expect(row.publicLine).toBe("Engineer, Azure");
    expect(Buffer.from(row.sealedIdentity!).toString("latin1")).not.toContain("Dana");
    // The contact address is sealed too, in its own blob.
    expect(row.sealedContact).not.toBeNull();
    expect(Buffer.from(row.sealedContact!).toString("latin1")).not.toContain("personal.example");
    expect(await db().signingVerification.count({ where: { letterId } })).toBe(0);

    const receipt = (await receiptPage(token, "?new=1")) as ReceiptData;
    expect(receipt).toMatchObject({
      found: true,
      publicLine: "Engineer, Azure",
      identity: null,
      canWithdraw: true,
      letter: { status: "OPEN" },
    });
    expect(receipt.receiptUrl).toMatch(new RegExp(`^https?://[^/]+/receipt/${token.replace(".", "\\.")}$`));
    expect(JSON.stringify(receipt)).not.toMatch(/Dana|Quinn|Senior|personal\.example|microsoft\.com/);
    // Without ?new=1 the link is not repeated.
    expect(((await receiptPage(token)) as ReceiptData).receiptUrl).toBeNull();
    // The receipt mail went to the contact address.
    expect(await queuedMail({ to: "dana@personal.example", kind: "signature-receipt" })).toHaveLength(1);
  });

  test("the receipt shows the signer's own name once the threshold is met", async () => {
    const { slug } = await openTestLetter();
    const tokens: string[] = [];
    for (let i = 0; i < THRESHOLD; i++) tokens.push(await signAs(slug, workEmail(), { name: `Signer Number${i}`, title: "" }));
    const first = (await receiptPage(tokens[0]!)) as ReceiptData;
    expect(first.letter.status).toBe("REVEALED");
    expect(first.identity).toEqual({ name: "Signer Number0", title: null });
    expect(first.canWithdraw).toBe(true);
    // A revealed letter still takes signatures (names then show at once).
    expect((await signPage(slug)).step).toBe("email");
    const { letter } = await letterPage(slug);
    expect(letter.count).toBe(THRESHOLD);
  });

  test("'Use a different address' clears the cookie and starts again", async () => {
    const { slug } = await openTestLetter();
    const requested = expectRedirect(await submit(slug, { intent: "request-code", email: workEmail() }), signPath(slug));
    const cookie = cookieFrom(requested.setCookies, "signing");
    const restarted = expectRedirect(await submit(slug, { intent: "restart" }, cookie), signPath(slug));
    expect(isCleared(restarted.setCookies, "signing")).toBe(true);
    expect((await signPage(slug)).step).toBe("email");
  });

  test("a code or signing window that ran out leads back to the email step, saying so", async () => {
    const { slug, letterId } = await openTestLetter();
    const cookie = await verifiedBrowser(slug, workEmail());
    await db().signingVerification.updateMany({ where: { letterId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await signPage(slug, cookie)).toMatchObject({ step: "email", timedOut: true });
    const { data } = expectData(await submit(slug, signature(), cookie), 400);
    expect(data.error?.[""]?.[0]).toMatch(/^Verify your work email first/);
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
  });

  test("signing without a verified address changes nothing", async () => {
    const { slug, letterId } = await openTestLetter();
    expectData(await submit(slug, signature()), 400);
    const requested = expectRedirect(await submit(slug, { intent: "request-code", email: workEmail() }), signPath(slug));
    // Code requested but not typed: still not allowed to sign.
    expectData(await submit(slug, signature(), cookieFrom(requested.setCookies, "signing")), 400);
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
  });

  test("a contact address at the employer's domains is refused: the receipt mail would pass its server", async () => {
    const { slug, letterId } = await openTestLetter();
    const cookie = await verifiedBrowser(slug, workEmail());
    for (const contactEmail of ["dana@microsoft.com", "Dana@Corp.GitHub.com"]) {
      const { data } = expectData(await submit(slug, signature({ contactEmail }), cookie), 400);
      expect(data.error?.contactEmail?.[0]).toMatch(/^Use a personal address/);
    }
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
  });

  test("a second signing with the same address, after a new code, looks like a first and leaves the first alone", async () => {
    const { slug, letterId } = await openTestLetter();
    const email = workEmail();
    await signAs(slug, email);
    // The same person, "+tag" and capitals notwithstanding (tests/routes/no-oracle.test.ts compares every answer).
    const again = email.replace("@", "+again@").toUpperCase();
    const cookie = await verifiedBrowser(slug, again);
    expect((await signPage(slug, cookie)).step).toBe("sign");
    const signed = expectRedirect(await submit(slug, signature(), cookie));
    expect(signed.location).toMatch(/^\/receipt\/[a-z2-9]{24}\.[a-z2-9]{24}\?new=1$/);
    expect(await db().signature.count({ where: { letterId } })).toBe(1);
    expect(await db().letter.findUniqueOrThrow({ where: { id: letterId } })).toMatchObject({ signatureCount: 1 });
  });

  test("a second submit from a browser that signed leads back to its receipt, saying so, and stores nothing", async () => {
    const { slug, letterId } = await openTestLetter();
    const cookie = await verifiedBrowser(slug, workEmail());
    const first = expectRedirect(await submit(slug, signature(), cookie));
    // A double click, or the page submitted again: the old cookie comes along.
    const again = expectRedirect(await submit(slug, signature({ name: "Someone Else" }), cookie));
    expect(again.location).toBe(first.location.replace("?new=1", "?new=1&again=1"));
    expect(isCleared(again.setCookies, "signing")).toBe(true);
    expect(await db().signature.count({ where: { letterId } })).toBe(1);
    const token = first.location.replace(/^\/receipt\//, "").replace(/\?new=1$/, "");
    const receipt = (await receiptPage(token, "?new=1&again=1")) as ReceiptData & { submittedAgain: boolean };
    expect(receipt).toMatchObject({ found: true, submittedAgain: true });
    expect(receipt.receiptUrl).toContain(token);
    expect(((await receiptPage(token, "?new=1")) as { submittedAgain: boolean }).submittedAgain).toBe(false);
    // Once withdrawn there is no receipt to lead back to: the usual message.
    await call(receiptRoute.action, post(`/receipt/${token}`, { confirm: "on" }), { params: { token } });
    const { data } = expectData(await submit(slug, signature(), cookie), 400);
    expect(data.error?.[""]?.[0]).toMatch(/^Verify your work email first/);
  });

  test("the signature form refuses what it must, with field errors and no signature", async () => {
    const { slug, letterId } = await openTestLetter();
    const cookie = await verifiedBrowser(slug, workEmail());
    const cases: [Record<string, string>, string][] = [
      [{ consent: "" }, "consent"],
      [{ consent: "yes" }, "consent"],
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(121) }, "name"],
      [{ publicLine: "x".repeat(81) }, "publicLine"],
      [{ publicLine: "\u202eeruza ,reenignE" }, "publicLine"],
      [{ title: "x".repeat(121) }, "title"],
      [{ contactEmail: "not an address" }, "contactEmail"],
    ];
    for (const [fields, field] of cases) {
      const { data } = expectData(await submit(slug, signature(fields), cookie), 400);
      expect(Object.keys(data.error ?? {}), JSON.stringify(fields)).toEqual([field]);
    }
    // Control characters do not reach the schema: the form reader refuses them (decision 012).
    const controls: Record<string, string>[] = [{ name: "Dana\u0000Quinn" }, { publicLine: "Engineer\u0000" }, { title: "Lead\u0007" }];
    for (const fields of controls) {
      expect(await refusedStatus(submit(slug, signature(fields), cookie)), JSON.stringify(fields)).toBe(400);
    }
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
    // Still verified: the right input goes through.
    expectRedirect(await submit(slug, signature({ publicLine: "  ", title: "" }), cookie));
    expect(await db().signature.findFirstOrThrow({ where: { letterId } })).toMatchObject({ publicLine: null });
  });

  test("a signer picks one of the letter's teams or none; anything else is refused next to the field (decision 018)", async () => {
    const { slug, letterId } = await openTestLetter({ teams: ["Azure", "Bing"] });
    const cookie = await verifiedBrowser(slug, workEmail());
    expect((await signPage(slug, cookie)).letter.teams).toEqual(["Azure", "Bing"]);
    for (const team of ["2", "-1", "x", "99"]) {
      const { data } = expectData(await submit(slug, signature({ team }), cookie), 400);
      expect(Object.keys(data.error ?? {}), team).toEqual(["team"]);
    }
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
    expectRedirect(await submit(slug, signature({ team: "1" }), cookie));
    await signAs(slug, workEmail(), { team: "" });
    const teams = (await db().signature.findMany({ where: { letterId }, select: { team: true } })).map((row) => row.team);
    expect(teams.sort()).toEqual([1, null]);
  });

  test("bad input never 500s: 400 with errors, or 404 for a link that leads nowhere", async () => {
    const { slug, letterId } = await openTestLetter();
    const cookie = await verifiedBrowser(slug, workEmail());
    const bad: Record<string, string>[] = [
      {},
      { intent: "guess" },
      { intent: "request-code" },
      { intent: "request-code", email: "" },
      { intent: "request-code", email: "no-at-sign" },
      { intent: "request-code", email: "@microsoft.com" },
      { intent: "request-code", email: `${"x".repeat(5000)}@microsoft.com` },
      { intent: "verify-code" },
      { intent: "verify-code", code: "1234" },
      { intent: "verify-code", code: "1234 567a" },
      { intent: "verify-code", code: "9".repeat(5000) },
      { intent: "sign" },
    ];
    for (const fields of bad) {
      const result = await submit(slug, fields, cookie);
      const { status } = expectData(result);
      expect(status, JSON.stringify(fields).slice(0, 80)).toBe(400);
    }
    // Refused by the form reader before the schema: a 400 for the error page.
    expect(await refusedStatus(submit(slug, { intent: "sign", name: "\u0000", consent: "on" }, cookie))).toBe(400);
    // A garbage cookie is simply no verification.
    expect((await signPage(slug, "signing=garbage")).step).toBe("email");
    expectData(await submit(slug, { intent: "verify-code", code: "12345678" }, "signing=x.y"), 400);
    const missing = await call(signRoute.action, post("/l/nope/sign", { intent: "restart" }), { params: { slug: "nope" } });
    expect((missing as Response).status).toBe(404);
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
  });
});

/** The status of a form the reader refused (app/http/read-form.server.ts): thrown as data({ message }, status). */
async function refusedStatus(result: Promise<unknown>) {
  try {
    await result;
  } catch (thrown) {
    const answer = thrown as { type?: string; init?: ResponseInit };
    expect(answer.type).toBe("DataWithResponseInit");
    return answer.init?.status;
  }
  throw new Error("expected the form reader to refuse the form");
}

describe("the receipt", () => {
  test("withdrawing needs the confirmation, then deletes the signature row and confirms", async () => {
    const { slug, letterId } = await openTestLetter();
    const token = await signAs(slug);
    const withdraw = (fields: Record<string, string>) =>
      call(receiptRoute.action, post(`/receipt/${token}`, fields), { params: { token } });

    const { data } = expectData(await withdraw({}), 400);
    expect(data.error?.confirm).toEqual(["Tick the box to confirm: withdrawing cannot be undone."]);
    expect(await db().signature.count({ where: { letterId } })).toBe(1);

    const done = expectData<{ withdrawn: true }>(await withdraw({ confirm: "on" }), 200);
    expect(done.data).toEqual({ withdrawn: true });
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
    expect(await db().letter.findUniqueOrThrow({ where: { id: letterId } })).toMatchObject({ signatureCount: 0 });

    // The receipt is gone: 404, as data, so the confirmation can render.
    expect(expectData(await receiptPage(token), 404).data).toEqual({ found: false });
    // Withdrawing twice: the link leads nowhere.
    expect(((await withdraw({ confirm: "on" })) as Response).status).toBe(404);
  });

  test("an unknown or malformed receipt token is a 404", async () => {
    for (const token of ["abcdefghijkmnpqrstuvwxyz.abcdefghijkmnpqrstuvwxyz", "nope", "../x", "x".repeat(300), ""]) {
      expect(expectData(await receiptPage(token), 404).data).toEqual({ found: false });
    }
    const result = await call(receiptRoute.action, post("/receipt/nope", { confirm: "on" }), { params: { token: "nope" } });
    expect((result as Response).status).toBe(404);
  });
});

describe("a signer's own bar (decision 019)", () => {
  function RadiosProbe({ threshold }: { threshold: number }) {
    const [, fields] = useForm<{ nameAt: string }>({ id: "sign" });
    return createElement(RadioField, {
      field: fields.nameAt,
      legend: "When may your name be unsealed?",
      options: nameAtOptions(threshold),
      hint: NAME_AT_HINT,
    });
  }

  test("plain radios (no JavaScript needed): the letter's threshold checked, then the suggested values", () => {
    const html = renderToStaticMarkup(createElement(RadiosProbe, { threshold: 5 }));
    const radios = [...html.matchAll(/<input[^>]*type="radio"[^>]*>/g)].map((m) => m[0]);
    expect(radios.map((r) => /value="([^"]*)"/.exec(r)![1])).toEqual(["", "10", "25", "50"]);
    expect(radios.every((r) => r.includes('name="nameAt"'))).toBe(true);
    expect(radios.filter((r) => r.includes("checked"))).toEqual([radios[0]]);
    expect(html).toContain("<fieldset");
    expect(html).toContain("When the letter&#x27;s threshold (5) is met");
    expect(html).toContain("Only once 50 have signed");
    expect(html).toContain("if the letter is published before then your name is destroyed");
  });

  test("the form's value is stored; one below the threshold or past 1,000,000 is refused next to the field", async () => {
    const { slug, letterId } = await openTestLetter();
    const cookie = await verifiedBrowser(slug, workEmail());
    for (const nameAt of ["4", "0", "1000001", "abc", "2.5", "-10"]) {
      const { data } = expectData(await submit(slug, signature({ nameAt }), cookie), 400);
      expect(Object.keys(data.error ?? {}), nameAt).toEqual(["nameAt"]);
    }
    expect(await db().signature.count({ where: { letterId } })).toBe(0);
    expectRedirect(await submit(slug, signature({ nameAt: "25" }), cookie));
    await signAs(slug, workEmail(), { nameAt: "" });
    const stored = (await db().signature.findMany({ where: { letterId }, select: { nameAt: true } })).map((row) => row.nameAt);
    expect(stored.sort()).toEqual([25, null]);
  });

  test("the receipt says the condition, word for word the same for a signature and a decoy", async () => {
    const { slug } = await openTestLetter();
    const email = workEmail();
    const first = await signAs(slug, email, { nameAt: "25" });
    const decoy = await signAs(slug, email, { nameAt: "25" });
    for (let i = 0; i < THRESHOLD; i++) await signAs(slug);
    const words = async (token: string) => {
      const loaded = (await receiptPage(token)) as ReceiptData & {
        nameAt: string | null;
        waitingForCount: number | null;
        letter: { status: LetterStatus; threshold: number; deadline: string };
        withTrustees: boolean;
      };
      return {
        nameAt: loaded.nameAt,
        identity: loaded.identity,
        status: renderToStaticMarkup(
          createElement(ReceiptStatus, {
            ...loaded.letter,
            identity: loaded.identity as { name: string; title: string | null } | null,
            withTrustees: loaded.withTrustees,
            waitingForCount: loaded.waitingForCount,
          }),
        ),
      };
    };
    const a = await words(first);
    expect(a.nameAt).toBe("Your name is unsealed only once 25 have signed.");
    expect(a.identity).toBeNull();
    expect(a.status).toContain("your name stays sealed until 25 have signed");
    expect(await words(decoy)).toEqual(a);
  });
});
