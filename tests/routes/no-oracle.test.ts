import { lastSentTo, queuedMail } from "../support/mail";
// Issue 13, finding 5 (DESIGN.md promise 8, decision 010): whoever reads a work
// mailbox can type its code, but nothing after that may tell whether the address
// had signed. Two journeys run side by side through the route modules, one for an
// address that signed already (exactly, or as a +tag / capitals variant) and one
// for an address that never did; every answer, step by step to the receipt and its
// withdrawal, must be the same once secrets (tokens, cookie values) are blanked.
import crypto from "node:crypto";
import { expect, test } from "vitest";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { openLetter } from "~/domain/letters/open-letter.server";
import { privateSlug } from "~/domain/letters/private-link.server";
import * as signRoute from "~/routes/l.$slug.sign/route";
import * as receiptRoute from "~/routes/receipt.$token";
import { codeFrom, createUser } from "../support/factories";
import { draftInput } from "../support/letters";
import { call, cookieFrom, expectRedirect, get, newIp, post } from "./support";

const TOKEN = /[a-z2-9]{24}\.[a-z2-9]{24}/g;

/** The whole answer, secrets blanked: status, headers (cookie values blanked, not dropped), body or data. */
async function answer(result: unknown) {
  if (result instanceof Response) {
    const headers = [...result.headers.entries()].map(([name, value]) =>
      name === "set-cookie" ? [name, value.replace(/^([^=]+)=[^;]*/, "$1=<value>")] : [name, value],
    );
    const body = await result.clone().text();
    return JSON.parse(JSON.stringify({ status: result.status, headers, body }).replace(TOKEN, "<token>"));
  }
  return JSON.parse(JSON.stringify(result ?? null).replace(TOKEN, "<token>"));
}

async function openTestLetter(threshold: number) {
  const user = await createUser();
  const draft = await createDraft(user.id, draftInput({ threshold }));
  await openLetter(user, draft.id);
  return { letterId: draft.id, slug: privateSlug(draft.id) };
}

const newAddress = (name: string) => `${name}.${crypto.randomBytes(3).toString("hex")}@microsoft.com`;

function submit(slug: string, fields: Record<string, string>, cookie?: string) {
  return call(signRoute.action, post(`/l/${slug}/sign`, fields, { cookie }), { params: { slug }, ip: newIp() });
}
const signPage = (slug: string, cookie?: string) => call(signRoute.loader, get(`/l/${slug}/sign`, { cookie }), { params: { slug } });
const receiptPage = (token: string, query = "") => call(receiptRoute.loader, get(`/receipt/${token}${query}`), { params: { token } });
const withdraw = (token: string, fields: Record<string, string>) =>
  call(receiptRoute.action, post(`/receipt/${token}`, fields), { params: { token } });

async function latestCode(email: string) {
  return codeFrom((await lastSentTo(email, (m) => m.kind === "signing-code")).text);
}

const signature = {
  intent: "sign",
  publicLine: "Engineer, Azure",
  name: "Dana Quinn",
  title: "Engineer",
  contactEmail: "dana@personal.example",
  consent: "on",
};

/**
 * Runs the journey for each address in step: every step is taken for both before
 * the next, so both see the letter in the same state. Returns each one's answers
 * and receipt token (before the final withdrawal).
 */
async function journeys(slug: string, emails: [string, string]) {
  const answers: [unknown[], unknown[]] = [[], []];
  const cookies = ["", ""];
  const receipts = ["", ""];
  const both = async (step: (i: 0 | 1) => Promise<unknown>) => {
    for (const i of [0, 1] as const) answers[i].push(await answer(await step(i)));
  };
  await both(async (i) => {
    const result = await submit(slug, { intent: "request-code", email: emails[i] });
    cookies[i] = cookieFrom(expectRedirect(result).setCookies, "signing");
    return result;
  });
  await both((i) => signPage(slug, cookies[i]));
  await both(async (i) => submit(slug, { intent: "verify-code", code: await latestCode(emails[i]) }, cookies[i]));
  await both((i) => signPage(slug, cookies[i]));
  // A form error after verification is answered alike too.
  await both((i) => submit(slug, { ...signature, consent: "" }, cookies[i]));
  await both(async (i) => {
    const result = await submit(slug, signature, cookies[i]);
    receipts[i] = expectRedirect(result).location.match(TOKEN)![0];
    return result;
  });
  // The same browser submits again (issue 13, 15): led back to the same receipt.
  await both(async (i) => {
    const result = await submit(slug, signature, cookies[i]);
    expect(expectRedirect(result).location).toBe(`/receipt/${receipts[i]}?new=1&again=1`);
    return result;
  });
  await both((i) => receiptPage(receipts[i]!, "?new=1"));
  await both((i) => receiptPage(receipts[i]!, "?new=1&again=1"));
  await both((i) => receiptPage(receipts[i]!));
  await both((i) => withdraw(receipts[i]!, {}));
  return { answers, receipts };
}

async function firstSignature(letterId: string, email: string) {
  const { slug } = { slug: privateSlug(letterId) };
  const requested = expectRedirect(await submit(slug, { intent: "request-code", email }));
  const cookie = cookieFrom(requested.setCookies, "signing");
  expectRedirect(await submit(slug, { intent: "verify-code", code: await latestCode(email) }, cookie));
  const signed = expectRedirect(
    await submit(slug, { ...signature, name: "The Real Signer", contactEmail: "real@personal.example" }, cookie),
  );
  return signed.location.match(TOKEN)![0];
}

const rowBytes = async (letterId: string) => JSON.stringify(await db().signature.findMany({ where: { letterId }, orderBy: { id: "asc" } }));

test.each([
  ["the very same address", (email: string) => email],
  ["a +tag variant in capitals", (email: string) => email.replace("@", "+test@").toUpperCase()],
])("open letter, %s: every answer after the code is the same as for an address that never signed", async (_, variant) => {
  const { letterId, slug } = await openTestLetter(50);
  const signedAddress = newAddress("signed");
  const firstReceipt = await firstSignature(letterId, signedAddress);
  const firstRow = await rowBytes(letterId);
  const letterBefore = await db().letter.findUniqueOrThrow({ where: { id: letterId }, select: { signatureCount: true } });

  const { answers, receipts } = await journeys(slug, [variant(signedAddress), newAddress("never")]);
  expect(answers[0]).toEqual(answers[1]);

  // The first signature is untouched, byte for byte, and counted once; the
  // duplicate stored no address tag anywhere (its receipt row has none).
  const rows = await db().signature.findMany({ where: { letterId }, orderBy: { id: "asc" } });
  expect(rows).toHaveLength(2);
  expect(JSON.stringify(rows.filter((row) => row.id !== receipts[1]!.split(".")[0]))).toBe(firstRow);
  expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).signatureCount).toBe(letterBefore.signatureCount + 1);

  // Withdrawing the duplicate's receipt deletes only it.
  expect(await answer(await withdraw(receipts[0]!, { confirm: "on" }))).toEqual(
    await answer(await withdraw(receipts[1]!, { confirm: "on" })),
  );
  expect(await rowBytes(letterId)).toBe(firstRow);
  expect(await db().decoyReceipt.count({ where: { letterId } })).toBe(0);
  expect(await answer(await receiptPage(receipts[0]!))).toEqual(await answer(await receiptPage(receipts[1]!)));

  // The real signer is not misled: their receipt still works, and their contact
  // address (not the work one) was told of the second signature.
  const own = (await receiptPage(firstReceipt)) as { found: boolean; publicLine: string };
  expect(own).toMatchObject({ found: true, publicLine: "Engineer, Azure" });
  const told = await queuedMail({ kind: "signed-again" });
  expect(told.map((mail) => mail.to)).toEqual(["real@personal.example"]);
  expect(told[0]!.text).toContain("Only your first signature counts, and it is unchanged");
  await db().outboxMessage.deleteMany({ where: { kind: "signed-again" } });
  expect(await answer(await withdraw(firstReceipt, { confirm: "on" }))).toMatchObject({ data: { withdrawn: true } });
  expect(await db().signature.count({ where: { letterId } })).toBe(0);
});

test("revealed letter: a duplicate's receipt shows the name it typed, like a real one, and reveals nothing", async () => {
  const { letterId, slug } = await openTestLetter(2);
  const signedAddress = newAddress("signed");
  await firstSignature(letterId, signedAddress);
  await firstSignature(letterId, newAddress("second"));
  expect((await db().letter.findUniqueOrThrow({ where: { id: letterId } })).status).toBe("REVEALED");

  const { answers } = await journeys(slug, [signedAddress.replace("@", "+again@"), newAddress("never")]);
  // Past the threshold the count on the signing pages is live (decision 010 says so):
  // the journeys above are compared step by step before either signs, and after.
  expect(answers[0]).toEqual(answers[1]);
  const receipt = (answers[0][7] as { identity: unknown })?.identity;
  expect(receipt).toEqual({ name: "Dana Quinn", title: "Engineer" });
  await db().outboxMessage.deleteMany({ where: { kind: "signed-again" } });
});
