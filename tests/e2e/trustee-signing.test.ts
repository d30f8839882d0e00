// Signing a letter with trustees in Chromium with JavaScript on (issue 15, decision
// 015): the page loads the sealing code with Subresource Integrity, seals the name and
// title in the browser, and no request the browser sends carries them; the server
// stores an envelope that k trustees' keys open. The letter and its trustees (real
// key pairs) are set up through the domain, in this process, on the app's own
// database and secrets; the signer goes through the pages.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";
import { newPage, openBrowser, screenshot } from "./support/browser";
import { codeIn, readMail } from "./support/mailbox";

let app: AppServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  // Jobs off: the trustees' invitations stay in the outbox, where the set-up reads their links.
  app = await startAppServer({ RUN_JOBS: "false" });
  // This process works on the server's database, with the secrets the server generated.
  process.env.DATA_DIR = app.dataDir;
  process.env.DATABASE_URL = `file:${path.join(app.dataDir, "app.db")}`;
  browser = await openBrowser({ javaScriptEnabled: true });
});
afterAll(async () => {
  await browser?.close();
  const { disconnectDb } = await import("~/db/client.server");
  await disconnectDb();
  await app?.stop();
});

test("with JavaScript the name and title are sealed in the browser: no request carries them, k trustees open them", async () => {
  // Imported here: the modules read the environment set above.
  const { db } = await import("~/db/client.server");
  const { privateSlug } = await import("~/domain/letters/private-link.server");
  const { openedTrusteeLetter, openWithTrustees } = await import("../support/trustees");
  const { letter, trustees } = await openedTrusteeLetter({ count: 3, k: 2, threshold: 5 });
  const manifest = JSON.parse(fs.readFileSync("build/client/trustee-crypto/manifest.json", "utf8")) as { sha256: string };

  const identity = { name: "Zenobia Quillfeather", title: "Principal Cartographer" };
  const email = "zenobia.quillfeather@microsoft.com";
  const { page, problems } = await newPage(browser.context, app.url);
  const bodies: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") bodies.push(`${request.url()}\n${request.postData() ?? ""}`);
  });

  await page.goto(`${app.url}/l/${privateSlug(letter.id)}`);
  // The letter page prints the sealing code's hash, the one this source builds to.
  expect(await page.textContent("body")).toContain(manifest.sha256);
  await page.getByRole("link", { name: "Sign this letter" }).first().click();
  await page.getByLabel("Your work email").fill(email);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await page.getByLabel(/digit code from the email/).waitFor();
  await page.getByLabel(/digit code from the email/).fill(codeIn(await readMail(page.context(), app.url, email)));
  await page.getByRole("button", { name: "Check the code" }).click();
  await page.getByLabel("Your full name").fill(identity.name);
  await page.getByLabel("Your job title (optional)").fill(identity.title);
  await page.getByLabel("Public line (optional)").fill("Cartography");
  await page.getByRole("checkbox").check();
  // Hydrated, with the sealing code loaded: the page says the browser seals.
  await page.locator('[data-sealing="browser"]').waitFor();
  await page.waitForFunction(() => Boolean((window as { UndersignedCrypto?: unknown }).UndersignedCrypto));
  await screenshot(page, "trustee-signature-step");
  await page.getByRole("button", { name: "Sign the letter" }).click();
  await page.waitForURL(/\/receipt\//);
  expect(problems).toEqual([]);

  // The signing request went, and neither it nor any other carried the name or title.
  const signing = bodies.filter((body) => body.includes("sealedIdentity="));
  expect(signing).toHaveLength(1);
  const forms = (value: string) => [value, encodeURIComponent(value), value.replace(/ /g, "+"), value.split(" ")[0]!];
  for (const body of bodies) {
    for (const value of [identity.name, identity.title]) for (const form of forms(value)) expect(body).not.toContain(form);
  }

  // Stored as an envelope for the trustees, which k of them open.
  const row = await db().signature.findFirstOrThrow({ where: { letterId: letter.id } });
  expect(row.identitySealing).toBe("trustees");
  expect(await openWithTrustees(letter.id, row, trustees.slice(0, 2))).toEqual(identity);
});
