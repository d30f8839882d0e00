// A signer's flow as plain HTTP(S) form posts (through the cluster's proxy, or to
// one app process: tests/cluster/sqlite-faults.test.ts), for rushes a browser per
// signer would be too slow for: the same requests a browser without JavaScript
// sends (request a code, type it, sign), with the signing cookie carried along.
import { expect } from "vitest";
import { codeIn } from "../../e2e/support/mailbox";
import type { Received } from "../../support/smtp";
import { request } from "./https";

/** Where the app answers: its certificate when over HTTPS, and the SMTP server it mails through. */
export type Target = { url: string; certificate?: string; smtp: { received: Received[] } };

function cookieOf(setCookie: string | string[] | undefined) {
  const first = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [])[0];
  return first?.split(";")[0] ?? "";
}

async function mailedCode(received: Received[], to: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = received.findLast((m) => m.to.includes(to));
    if (mail) return codeIn(mail.raw.replace(/=\r?\n/g, ""));
    if (Date.now() > deadline) throw new Error(`no code mailed to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export type VerifiedSigner = { email: string; signPath: string; cookie: string };

function postForm(target: Target, signPath: string, fields: Record<string, string>, cookie = "") {
  return request(`${target.url}${signPath}`, {
    ca: target.certificate,
    method: "POST",
    headers: { Origin: target.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Asks for a code: the signing cookie, and the page the browser is then shown. */
export async function askForCode(target: Target, shareUrl: string, email: string) {
  const signPath = `${new URL(shareUrl).pathname}/sign`;
  const asked = await postForm(target, signPath, { intent: "request-code", email });
  if (asked.status !== 302) throw new Error(`asking for a code: ${asked.status}`);
  const cookie = cookieOf(asked.headers["set-cookie"]);
  const page = await request(`${target.url}${signPath}`, { ca: target.certificate, headers: { Cookie: cookie } });
  return { signPath, cookie, page: page.body };
}

/** Asks for a code and types it in: the signer is ready to press "Sign". */
export async function verifiedSigner(target: Target, shareUrl: string, email: string): Promise<VerifiedSigner> {
  const { signPath, cookie } = await askForCode(target, shareUrl, email);
  const post = (fields: Record<string, string>, withCookie: string) => postForm(target, signPath, fields, withCookie);
  const code = await mailedCode(target.smtp.received, email);
  const verified = await post({ intent: "verify-code", code }, cookie);
  if (verified.status !== 302) throw new Error(`typing the code: ${verified.status}`);
  return { email, signPath, cookie: cookieOf(verified.headers["set-cookie"]) || cookie };
}

export type SignAttempt = { receipt: string } | { status: number; retryAfter: string | undefined } | { error: string };

/** Presses "Sign" once: the receipt path, or what went wrong (a status, or a dropped connection). */
export async function pressSign(
  target: Target,
  signer: VerifiedSigner,
  name: string,
  { contactEmail }: { contactEmail?: string } = {},
): Promise<SignAttempt> {
  try {
    const answer = await request(`${target.url}${signer.signPath}`, {
      ca: target.certificate,
      method: "POST",
      headers: { Origin: target.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: signer.cookie },
      body: new URLSearchParams({
        intent: "sign",
        name,
        publicLine: "Engineer",
        consent: "on",
        ...(contactEmail ? { contactEmail } : {}),
      }).toString(),
    });
    const location = String(answer.headers.location ?? "");
    if (answer.status === 302 && location.includes("/receipt/")) return { receipt: location };
    const retryAfter = answer.headers["retry-after"];
    return { status: answer.status, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Every signer presses "Sign" at once (or one every `spacingMs`, a stream of them
 * still arriving while the fault happens); once `afterAnswers` of them have an
 * answer, `fault` is injected (an instance killed, the database stopped…). The first answers.
 */
export async function rushWithFault(
  target: Target,
  signers: VerifiedSigner[],
  nameOf: (i: number) => string,
  afterAnswers: number,
  fault: () => Promise<void> | void,
  { spacingMs = 0 }: { spacingMs?: number } = {},
) {
  const attempts = signers.map(async (signer, i) => {
    if (spacingMs > 0) await new Promise((r) => setTimeout(r, i * spacingMs));
    return pressSign(target, signer, nameOf(i));
  });
  let answered = 0;
  for (const attempt of attempts) void attempt.then(() => answered++);
  while (answered < afterAnswers) await new Promise((r) => setTimeout(r, 5));
  await fault();
  return Promise.all(attempts);
}

/**
 * Whoever got no receipt presses "Sign" again (same browser, same cookie), waiting
 * `waitMs` between tries: their signature was stored and they are led to its
 * receipt, or it was not and it is now. The attempt each signer ended with.
 */
export async function pressAgainUntilReceipt(
  target: Target,
  signers: VerifiedSigner[],
  nameOf: (i: number) => string,
  first: SignAttempt[],
  { tries, waitMs }: { tries: number; waitMs: number },
) {
  const last: SignAttempt[] = [];
  for (const [i, signer] of signers.entries()) {
    let attempt = first[i]!;
    for (let n = 0; !("receipt" in attempt) && n < tries; n++) {
      await new Promise((r) => setTimeout(r, waitMs));
      attempt = await pressSign(target, signer, nameOf(i));
    }
    last.push(attempt);
  }
  return last;
}

/**
 * What every fault must leave: each signer holds a receipt of their own (none
 * shared, so no signature counted twice), and the letter, read from the database,
 * counts each signer once and was revealed exactly once.
 */
export async function expectEachSignedOnce(last: SignAttempt[], figures: () => Promise<Record<string, unknown>>) {
  for (const [i, attempt] of last.entries()) expect(attempt, `signer ${i} ends with a receipt`).toHaveProperty("receipt");
  expect(new Set(last.map((attempt) => (attempt as { receipt: string }).receipt)).size).toBe(last.length);
  expect(await figures()).toEqual({
    status: "REVEALED",
    signatureCount: last.length,
    signatures: last.length,
    decoys: 0,
    reveals: 1,
  });
}
