// The flows a seized disk must reveal nothing of (decision 009), run through the
// real domain functions with every mail going to a real SMTP server: signers with
// contact addresses, organizer sign-up codes, password resets, press previews.
// Returns every secret that went by, to look for in the raw files afterwards.
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { db } from "~/db/client.server";
import { afterAnswerSettled } from "~/auth/after-answer.server";
import { requestPasswordReset } from "~/domain/accounts/password-reset.server";
import { signUp } from "~/domain/accounts/sign-up.server";
import { signLetter } from "~/domain/letters/sign-letter.server";
import { requestSigningCode, verifySigningCode } from "~/domain/letters/signing-verification.server";
import { sendToPress } from "~/domain/press/deliver.server";
import { addPressContact } from "~/domain/press/press-list.server";
import { memoryMailSettled } from "~/mail/memory-sender.server";
import { setMailTransport } from "~/mail/process-transport.server";
import { smtpTransport } from "~/mail/transport.server";
import { deliverDueMail } from "~/mail/worker.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { codeFrom, createUser } from "./factories";
import { draftInput, openedLetter } from "./letters";
import { publishLetter } from "~/domain/letters/publish-letter.server";
import { sealForTrustees, toBase64Url } from "~/crypto/trustee";
import { receiptOf } from "~/domain/letters/signing-receipt.server";
import { callTrustees } from "~/domain/trustees/call-trustees.server";
import { addTrustees, openedTrusteeLetter, sealContextOf } from "./trustees";
import { letterAwaitingTrustees, openedSharesOf } from "./trustee-release";
import { releaseShares } from "~/domain/trustees/release-shares.server";
import { finishRelease } from "~/domain/trustees/finish-release.server";
import { cancelLetter } from "~/domain/letters/close-letter.server";
import { sendCoolingOffNotices } from "~/domain/letters/cooling-off.server";
import { publishCountBatches } from "~/domain/letters/count-batches.server";
import type { Received } from "./smtp";

const DAY_MS = 24 * 60 * 60_000;

/** Quoted-printable soft breaks and escapes undone, so a long link is found whole. */
function bodyOf(mail: Received) {
  return mail.raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

async function lastReceivedBy(smtp: { received: Received[] }, to: string) {
  await memoryMailSettled();
  const mail = smtp.received.findLast((m) => m.to.includes(to.toLowerCase()) || m.to.includes(to));
  expect(mail, `a mail to ${to}`).toBeDefined();
  return bodyOf(mail!);
}

/** What to look for; `bytes`, when given, is looked for as is (a ciphertext), instead of `value`'s text forms. */
export type Secrets = { label: string; value: string; bytes?: Buffer }[];

export async function runDiskFlows(smtp: { url: string; received: Received[] }, tag: string): Promise<Secrets> {
  setMailTransport(smtpTransport(smtp.url));
  const secrets: Secrets = [];
  const keep = (label: string, value: string) => secrets.push({ label, value });

  // Signers: a code each (from memory), a signature with a contact address (a sealed receipt mail).
  const { organizer, letter } = await openedLetter({ threshold: 3 });
  for (let i = 0; i < 4; i++) {
    const local = `${tag}.signer${i}.quintessa`;
    const work = `${local}@microsoft.com`;
    const contact = `${tag}.home${i}.zephyrine@personal.example`;
    const clientIp = `192.0.2.${i + 40}`;
    const token = await requestSigningCode(letter.id, work, { clientIp });
    const code = codeFrom(await lastReceivedBy(smtp, work));
    await verifySigningCode(token, letter.id, code, { clientIp });
    const { receiptToken } = await signLetter(token, letter.id, {
      publicLine: "Engineer",
      name: `Quintessa Signer ${i}`,
      title: null,
      contactEmail: contact,
    });
    keep("work address", work);
    keep("local part", local);
    keep("contact address", contact);
    keep("signing code", code);
    keep("signing code as mailed", `${code.slice(0, 4)} ${code.slice(4)}`);
    keep("signing verification token", token);
    keep("receipt token", receiptToken);
  }

  // Organizers: a sign-up code, and a password reset link.
  const newcomer = `${tag}.organizer.ottoline@personal.example`;
  const verification = await signUp(
    { email: newcomer, displayName: "Ottoline", password: "correct horse battery staple" },
    { clientIp: "192.0.2.60" },
  );
  keep("account code", codeFrom(await lastReceivedBy(smtp, newcomer)));
  keep("email verification token", verification);
  const resetting = await createUser({ email: `${tag}.resetter@personal.example` });
  await requestPasswordReset({ email: resetting.email }, { clientIp: "192.0.2.61" });
  await afterAnswerSettled(); // the link is made after the answer (decision 013)
  const reset = /reset-password\/([a-z2-9]{24}\.[a-z2-9]{24})/.exec(await lastReceivedBy(smtp, resetting.email))?.[1];
  expect(reset, "a reset link").toBeDefined();
  keep("reset token", reset!);

  // The letter is revealed (threshold 3): press previews, each with its own link.
  expect((await db().letter.findUniqueOrThrow({ where: { id: letter.id } })).status).toBe("REVEALED");
  const contact = await addPressContact(organizer.id, letter.id, {
    name: "Rhiannon Reporter",
    outlet: "The Example Times",
    email: `${tag}.reporter@news.example`,
  });
  await sendToPress(organizer.id, letter.id, {
    kind: "preview",
    contactIds: [contact.id],
    pressContactLine: "Press: Jane",
    embargoUntil: new Date(Date.now() + 3 * DAY_MS),
    expiresInDays: 7,
  });

  // Trustees of a draft (issue 15): their addresses sealed, their invitation links hashed.
  const trusted = await createDraft(organizer.id, draftInput());
  for (const trustee of await addTrustees(organizer.id, trusted.id, { count: 2, threshold: 2, register: true })) {
    keep("trustee address", trustee.email);
    keep("trustee invitation token", trustee.token);
  }

  // A letter with trustees (issue 15): one name sealed in the "browser" (the test seals
  // as the bundle does, and posts only the envelope), one posted in plain text and
  // sealed by the server (JavaScript off); the second crosses the threshold, and the
  // trustees are called with fresh links.
  const { letter: guarded, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 2 });
  const sealFor = sealContextOf(guarded, trustees);
  for (const [i, path] of (["browser", "server"] as const).entries()) {
    const work = `${tag}.guarded${i}.philippa@microsoft.com`;
    const clientIp = `192.0.2.${i + 70}`;
    const token = await requestSigningCode(guarded.id, work, { clientIp });
    const code = codeFrom(await lastReceivedBy(smtp, work));
    await verifySigningCode(token, guarded.id, code, { clientIp });
    const identity = { name: `Philippa Guarded${path}`, title: `Sealed Title ${path}` };
    const contact = `${tag}.guarded.home${i}.philippa@personal.example`;
    const sealed =
      path === "browser"
        ? { sealedIdentity: toBase64Url(await sealForTrustees(identity, sealFor(receiptOf(token).id))) }
        : { name: identity.name, title: identity.title };
    const { receiptToken } = await signLetter(token, guarded.id, { publicLine: "Engineer", contactEmail: contact, ...sealed });
    keep(`name sealed in the ${path}`, identity.name);
    keep(`title sealed in the ${path}`, identity.title);
    keep("work address", work);
    keep("contact address", contact);
    keep("signing code", code);
    keep("signing verification token", token);
    keep("receipt token", receiptToken);
  }
  expect((await db().letter.findUniqueOrThrow({ where: { id: guarded.id } })).status).toBe("AWAITING_TRUSTEES");
  expect(await callTrustees()).toBe(1);
  for (const trustee of trustees) {
    keep("trustee address", trustee.email);
    keep("trustee invitation token", trustee.token);
  }

  // A letter past its threshold whose trustees release (issue 15): the names they
  // unseal, the shares their browsers post, their addresses and links; and one
  // cancelled while a trustee's shares were stored.
  for (const outcome of ["revealed", "cancelled"] as const) {
    const waiting = await letterAwaitingTrustees({ n: 2, k: 2, signatures: 3 });
    for (const s of waiting.signatures) keep("trustee-sealed name", s.name);
    for (const trustee of outcome === "revealed" ? waiting.trustees : waiting.trustees.slice(0, 1)) {
      keep("trustee address", trustee.email);
      keep("trustee invitation token", trustee.token);
      const shares = await openedSharesOf(trustee, waiting.letterId);
      for (const share of shares) keep("released share as posted", share.share);
      await releaseShares(trustee.token, shares);
      await finishRelease(trustee.token);
    }
    if (outcome === "cancelled") await cancelLetter(waiting.organizer.id, waiting.letterId);
    expect((await db().letter.findUniqueOrThrow({ where: { id: waiting.letterId } })).status).toBe(outcome.toUpperCase());
  }

  // Conditional names (decision 019): a letter published at 4 with a signer who asked
  // to be named only at 50. Its name must be nowhere, and (SQLite) its destroyed
  // sealed identity must have left the file and the WAL too. PostgreSQL's WAL keeps
  // the row as it was inserted until its segments are recycled: decision 009's residual.
  {
    const { organizer: publisher, letter: conditional } = await openedLetter({ threshold: 3 });
    const signAs = async (work: string, clientIp: string, fields: { name: string; nameAt?: number }) => {
      const token = await requestSigningCode(conditional.id, work, { clientIp });
      const code = codeFrom(await lastReceivedBy(smtp, work));
      await verifySigningCode(token, conditional.id, code, { clientIp });
      keep("work address", work);
      keep("signing code", code);
      keep("signing verification token", token);
      return signLetter(token, conditional.id, { publicLine: null, title: null, contactEmail: null, ...fields });
    };
    for (let i = 0; i < 3; i++) await signAs(`${tag}.named${i}.cond@microsoft.com`, `192.0.2.${i + 80}`, { name: `Named Condsigner ${i}` });
    const unmet = await signAs(`${tag}.unmet.ulrika@microsoft.com`, "192.0.2.83", { name: `${tag} Ulrika Unmetcondition`, nameAt: 50 });
    const unmetId = unmet.receiptToken.split(".")[0]!;
    const sealed = (await db().signature.findUniqueOrThrow({ where: { id: unmetId } })).sealedIdentity!;
    await publishLetter(publisher.id, conditional.id);
    expect((await db().signature.findUniqueOrThrow({ where: { id: unmetId } })).sealedIdentity).toBeNull();
    keep("name left unnamed at publication", `${tag} Ulrika Unmetcondition`);
    keep("receipt token, not mailed", unmet.receiptToken);
    if (tag === "sqlite") secrets.push({ label: "sealed identity destroyed at publication", value: "", bytes: Buffer.from(sealed) });
  }
  // A letter that cools off at its threshold (decision 020): its notices go to the
  // signers' contact addresses through the (sealed) outbox, and nowhere else.
  const { letter: cooling } = await openedLetter({ threshold: 2, coolingOffHours: 24 });
  for (let i = 0; i < 2; i++) {
    const work = `${tag}.cooling${i}.leocadia@microsoft.com`;
    const clientIp = `192.0.2.${i + 90}`;
    const token = await requestSigningCode(cooling.id, work, { clientIp });
    const code = codeFrom(await lastReceivedBy(smtp, work));
    await verifySigningCode(token, cooling.id, code, { clientIp });
    const contact = `${tag}.cooling.home${i}.leocadia@personal.example`;
    const { receiptToken } = await signLetter(token, cooling.id, {
      publicLine: "Engineer",
      name: `Leocadia Cooling ${i}`,
      title: null,
      contactEmail: contact,
    });
    keep("work address", work);
    keep("contact address", contact);
    keep("name sealed while cooling off", `Leocadia Cooling ${i}`);
    keep("signing code", code);
    keep("signing verification token", token);
    keep("receipt token", receiptToken);
  }
  expect((await db().letter.findUniqueOrThrow({ where: { id: cooling.id } })).status).toBe("COOLING_OFF");
  await publishCountBatches(new Date(Date.now() + 60 * 60_000));
  await sendCoolingOffNotices();

  // The worker delivers the queued (sealed) mail: receipts and the preview.
  const report = await deliverDueMail({ db: db(), transport: smtpTransport(smtp.url), from: "Undersigned <no-reply@undersigned.test>" });
  expect(report.sent).toBeGreaterThanOrEqual(5);
  const preview = /\/press\/([a-z2-9]{24}\.[a-z2-9]{24})/.exec(await lastReceivedBy(smtp, `${tag}.reporter@news.example`))?.[1];
  expect(preview, "a preview link").toBeDefined();
  keep("preview token", preview!);
  for (const trustee of trustees) {
    const called = /\/trustee\/([a-z2-9]{24})\b/.exec(await lastReceivedBy(smtp, trustee.email))?.[1];
    expect(called, "a trustee's new link").toBeDefined();
    keep("trustee link at the threshold", called!);
  }
  for (let i = 0; i < 2; i++) expect(await lastReceivedBy(smtp, `${tag}.cooling.home${i}.leocadia@personal.example`)).toContain("withdraw");
  for (const receipt of secrets.filter((s) => s.label === "receipt token")) {
    expect(
      smtp.received.some((m) => bodyOf(m).includes(receipt.value)),
      "the receipt link was mailed",
    ).toBe(true);
  }
  return secrets;
}

/** The forms a secret may take on disk: as is, lower-cased, percent-encoded, UTF-16. */
function variants(value: string) {
  const forms = new Set([value, value.toLowerCase(), encodeURIComponent(value), encodeURIComponent(value).toLowerCase()]);
  return [...forms].flatMap((form) => [Buffer.from(form, "utf8"), Buffer.from(form, "utf16le")]);
}

/** Every file under `dir` (or the given files), each scanned whole for every secret. Returns what was found where. */
export function scanFiles(files: string[], secrets: Secrets) {
  const found: string[] = [];
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    // Addresses are matched without case: lower-case the file's ASCII letters too.
    const lower = Buffer.from(bytes.toString("latin1").toLowerCase(), "latin1");
    for (const { label, value, bytes: raw } of secrets) {
      if (raw ? bytes.includes(raw) : variants(value).some((form) => bytes.includes(form) || lower.includes(form))) {
        found.push(`${label} in ${file}`);
      }
    }
  }
  return found;
}

export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}
