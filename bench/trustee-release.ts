// The trustees' release (issue 15), measured: a letter waiting for its trustees
// with N trustee-sealed signatures (3 trustees, k = 2, key files at the real scrypt
// cost), seeded through the domain before the server starts; then, in Chromium,
// two trustees release through the real page (key file, passphrase, fingerprint,
// "Open and release", the progress bar); the second one's chunks open each
// signature as its k-th share arrives, and their "done" flips the letter to
// REVEALED (decision 016). Targets (issue 15): 10,000 shares opened in the browser in
// under 30 s, 100,000 in under 5 minutes; the server's part of the reveal at
// 100,000 under 5 s. Also the signer's browser: one sealForTrustees, in ms.
import crypto from "node:crypto";
import { createTrusteeKey, sealForTrustees, toBase64Url } from "~/crypto/trustee";
import { unwrapDataKey, wrapTrusteeEnvelope } from "~/crypto/sealing.server";
import { hashSecret, randomSecret } from "~/crypto/tokens.server";
import { db } from "~/db/client.server";
import { createDraft } from "~/domain/letters/draft-letter.server";
import { IdentitySealing } from "~/domain/letters/identity-sealing";
import { LetterStatus } from "~/domain/letters/lifecycle";
import { openLetter } from "~/domain/letters/open-letter.server";
import { addTrustee } from "~/domain/trustees/add-trustee.server";
import { registerTrusteeKey } from "~/domain/trustees/register-trustee-key.server";
import { setTrusteeThreshold } from "~/domain/trustees/set-trustee-threshold.server";
import { openBrowser } from "../tests/e2e/support/browser";

const PASSPHRASE = "benchmark trustee passphrase 2026";
const DAY = 24 * 60 * 60_000;

export type TrusteeLetter = {
  id: string;
  size: number;
  trustees: { token: string; keyFile: string; id: string; publicKey: string }[];
};

export async function seedTrusteeLetter(
  organizer: { id: string; emailVerifiedAt: Date | null },
  size: number,
  say: (line: string) => void,
): Promise<TrusteeLetter> {
  const draft = await createDraft(organizer.id, {
    title: `Trustees at ${size}`,
    addressee: "The Chief Executive",
    body: "We, the undersigned employees, ask you to **cancel** the contract.",
    organizationName: "Bench Corp",
    allowedDomains: ["bench-corp.example"],
    threshold: size,
    deadline: new Date(Date.now() + 30 * DAY),
    noteToSigners: null,
    // Handed to the trustees at the crossing: no cooling-off period (decision 020).
    coolingOffHours: 0,
  });
  const trustees: TrusteeLetter["trustees"] = [];
  for (let i = 0; i < 3; i++) {
    const { trusteeId } = await addTrustee(organizer.id, draft.id, {
      description: `Bench trustee ${i + 1}`,
      email: `trustee${i}.${crypto.randomBytes(3).toString("hex")}@trust.example`,
    });
    // The invitation's token lives only in its (sealed) mail: the bench gives the trustee one of its own.
    const token = randomSecret();
    await db().trustee.update({ where: { id: trusteeId }, data: { inviteHash: hashSecret(token) } });
    const key = await createTrusteeKey({ passphrase: PASSPHRASE, letterId: draft.id, trusteeId });
    await registerTrusteeKey(token, key.publicKey);
    trustees.push({ token, keyFile: key.keyFile, id: trusteeId, publicKey: toBase64Url(key.publicKey) });
  }
  await setTrusteeThreshold(organizer.id, draft.id, 2);
  await openLetter(organizer, draft.id);

  const letter = await db().letter.findUniqueOrThrow({ where: { id: draft.id } });
  const refs = (await db().trustee.findMany({ where: { letterId: draft.id }, orderBy: { position: "asc" } })).map((t) => ({
    id: t.id,
    publicKey: t.publicKey!,
  }));
  const dataKey = unwrapDataKey(draft.id, letter.wrappedDataKey!);
  const started = performance.now();
  const BATCH = 500;
  for (let done = 0; done < size; done += BATCH) {
    const rows = await Promise.all(
      Array.from({ length: Math.min(BATCH, size - done) }, async (_, i) => {
        const id = randomSecret();
        const envelope = await sealForTrustees(
          { name: `Trustee-sealed signer ${done + i}`, title: "Engineer" },
          { letterId: draft.id, signatureId: id, textHash: letter.textHash!, threshold: 2, trustees: refs },
        );
        return {
          id,
          letterId: draft.id,
          emailTag: new Uint8Array(crypto.randomBytes(32)),
          publicLine: "Engineer",
          sealedIdentity: wrapTrusteeEnvelope(dataKey, { letterId: draft.id, signatureId: id }, envelope),
          identitySealing: IdentitySealing.TRUSTEES,
          receiptHash: new Uint8Array(crypto.randomBytes(32)),
          signedOn: new Date(),
          orderKey: crypto.randomBytes(8).toString("hex"),
        };
      }),
    );
    await db().signature.createMany({ data: rows });
    if ((done + BATCH) % 10_000 === 0) say(`  ${(done + BATCH).toLocaleString("en")} trustee-sealed signatures`);
  }
  dataKey.fill(0);
  await db().letter.update({
    where: { id: draft.id },
    data: { signatureCount: size, status: LetterStatus.AWAITING_TRUSTEES },
  });
  say(
    `  sealed ${size.toLocaleString("en")} envelopes in ${Math.round((performance.now() - started) / 1000)} s (Node, server-side sealing)`,
  );
  return { id: draft.id, size, trustees };
}

export type TrusteeReleaseFigures = {
  size: number;
  keyFileOpenMs: number;
  releases: { trustee: number; browserMs: number; finishMs: number; progressBarSeen: boolean }[];
  /** The second trustee's "done": the reveal's flip, and whatever the chunks did not open (decision 016). */
  serverRevealMs: number;
  signerSealMs: number;
  revealed: boolean;
};

export async function measureTrusteeRelease(
  appUrl: string,
  letter: TrusteeLetter,
  say: (line: string) => void,
): Promise<TrusteeReleaseFigures> {
  const browser = await openBrowser();
  const releases: TrusteeReleaseFigures["releases"] = [];
  let keyFileOpenMs = 0;
  let signerSealMs = 0;
  try {
    for (const index of [0, 1]) {
      const trustee = letter.trustees[index]!;
      const page = await browser.context.newPage();
      let finishMs = 0;
      page.on("requestfinished", (request) => {
        if (request.method() === "POST" && /intent=finish/.test(request.postData() ?? ""))
          finishMs = Math.round(request.timing().responseEnd);
      });
      await page.goto(`${appUrl}/trustee/${trustee.token}`);
      await page
        .getByLabel("Key file")
        .setInputFiles({ name: "key.json", mimeType: "application/json", buffer: Buffer.from(trustee.keyFile) });
      await page.getByLabel("Passphrase").fill(PASSPHRASE);
      const keyStarted = performance.now();
      await page.getByRole("button", { name: "Open my key" }).click();
      await page.getByText("It is the one registered for you").waitFor({ timeout: 120_000 });
      keyFileOpenMs = Math.round(performance.now() - keyStarted);
      const started = performance.now();
      await page.getByRole("button", { name: /^Open and release my/ }).click();
      const progressBarSeen = await page
        .locator("progress#release-progress")
        .waitFor({ timeout: 30_000 })
        .then(
          () => true,
          () => false,
        );
      const done = index === 0 ? page.getByText("You released your shares.") : page.getByRole("heading", { name: "The names are out" });
      await done.waitFor({ timeout: 15 * 60_000 });
      const browserMs = Math.round(performance.now() - started);
      releases.push({ trustee: index + 1, browserMs, finishMs, progressBarSeen });
      say(
        `  trustee ${index + 1}: ${letter.size.toLocaleString("en")} shares opened and sent in ${(browserMs / 1000).toFixed(1)} s ("done" ${finishMs} ms)`,
      );
      if (index === 1) {
        // The signer's side, in the same browser and bundle: one seal for this letter's trustees.
        signerSealMs = await page.evaluate(
          async ({ letterId, trustees }) => {
            const api = (window as unknown as { UndersignedCrypto: import("~/crypto/trustee/browser").UndersignedCryptoApi })
              .UndersignedCrypto;
            const refs = trustees.map((t) => ({ id: t.id, publicKey: api.fromBase64Url(t.publicKey)! }));
            const runs = 200;
            const started = performance.now();
            for (let i = 0; i < runs; i++) {
              await api.sealForTrustees(
                { name: `A signer ${i}`, title: "Engineer" },
                { letterId, signatureId: `bench-${i}`, textHash: "ab".repeat(32), threshold: 2, trustees: refs },
              );
            }
            return (performance.now() - started) / runs;
          },
          { letterId: letter.id, trustees: letter.trustees.map(({ id, publicKey }) => ({ id, publicKey })) },
        );
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const after = await db().letter.findUniqueOrThrow({ where: { id: letter.id }, select: { status: true } });
  return {
    size: letter.size,
    keyFileOpenMs,
    releases,
    serverRevealMs: releases[1]?.finishMs ?? 0,
    signerSealMs: Math.round(signerSealMs * 100) / 100,
    revealed: after.status === LetterStatus.REVEALED,
  };
}
