// The trustees' release through the real page in Chromium (issue 15): a letter
// waiting for its trustees (seeded with real key files and trustee-sealed
// signatures), each trustee loads their key file in the page, sees its fingerprint
// matched with the registered one, and releases with a progress bar. A wrong
// passphrase and another trustee's file are refused with their own message; the
// key file and the passphrase never leave the browser; the second release reveals.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser, screenshot } from "./support/browser";

const SIGNATURES = 60;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-release-e2e-"));
const databaseUrl = `file:${path.join(dataDir, "app.db")}`;
let app: AppServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let seeded: Awaited<ReturnType<typeof import("../support/trustee-release").letterAwaitingTrustees>>;
let passphrase: string;

beforeAll(async () => {
  // Seeded by this process through the domain, with the secrets the server will read from the same folder.
  Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" });
  const { migrate } = await import("~/db/migrate.server");
  await migrate(databaseUrl);
  const release = await import("../support/trustee-release");
  passphrase = release.PASSPHRASE;
  seeded = await release.letterAwaitingTrustees({ n: 3, k: 2, signatures: SIGNATURES });
  await (await import("~/db/client.server")).disconnectDb();
  app = await startAppServer({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function trusteeTab(index: number) {
  const trustee = seeded.trustees[index]!;
  const { page, problems } = await newPage(browser.context, app.url);
  const bodies: string[] = [];
  page.on("request", (request) => bodies.push(`${request.url()} ${request.postData() ?? ""}`));
  await page.goto(`${app.url}/trustee/${trustee.token}`);
  return { trustee, page, problems, bodies };
}

async function loadKey(page: import("playwright-core").Page, keyFile: string, words: string) {
  await page.getByLabel("Key file").setInputFiles({ name: "key.json", mimeType: "application/json", buffer: Buffer.from(keyFile) });
  await page.getByLabel("Passphrase").fill(words);
  await page.getByRole("button", { name: "Open my key" }).click();
}

test("a wrong passphrase and another trustee's file are refused, each with its reason", async () => {
  const { page, problems } = await trusteeTab(0);
  await expect.poll(() => page.getByText(`${SIGNATURES}`, { exact: true }).count()).toBeGreaterThan(0);
  await loadKey(page, seeded.trustees[0]!.keyFile, "not the right passphrase");
  await page.getByText("The passphrase does not open this key file").waitFor();
  await loadKey(page, seeded.trustees[1]!.keyFile, passphrase);
  await page.getByText("This key file belongs to another trustee").waitFor();
  await loadKey(page, "{}", passphrase);
  await page.getByText("This is not an Undersigned trustee key file").waitFor();
  expect(problems).toEqual([]);
  await page.close();
});

test("two trustees release through the page; the names are then unsealed, and no key file left the browser", async () => {
  for (const index of [0, 1]) {
    const { trustee, page, problems, bodies } = await trusteeTab(index);
    await loadKey(page, trustee.keyFile, passphrase);
    await page.getByText("It is the one registered for you").waitFor();
    const started = Date.now();
    await page.getByRole("button", { name: `Open and release my ${SIGNATURES} shares` }).click();
    // The page then shows where things stand: waiting for one more trustee, or the names out.
    if (index === 0) await page.getByText("You released your shares.").waitFor({ timeout: 60_000 });
    else await page.getByRole("heading", { name: "The names are out" }).waitFor({ timeout: 60_000 });
    const ms = Date.now() - started;
    await screenshot(page, `trustee-release-${index + 1}`);
    if (index === 0) await page.getByText("The names are unsealed once 2 trustees have released").waitFor();
    expect(await page.getByRole("button", { name: "Refuse" }).count()).toBe(0);
    process.stderr.write(`[trustee release] trustee ${index + 1}: ${SIGNATURES} shares opened and sent in ${ms} ms\n`);
    // Neither the key file nor the passphrase was ever in a request.
    const sent = bodies.join("\n");
    expect(sent).not.toContain("sealedPrivateKey");
    expect(sent).not.toContain(encodeURIComponent(passphrase).slice(0, 10));
    expect(sent).not.toContain(passphrase.slice(0, 10));
    expect(problems).toEqual([]);
    await page.close();
  }
  // The page of the third trustee now says the names are out.
  const { page } = await trusteeTab(2);
  await page.getByRole("heading", { name: "The names are out" }).waitFor();
  await page.close();
});
