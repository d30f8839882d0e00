// Issue 13's deployment doors, tried over HTTP against the production build, as
// the employer would: the local mailbox (finding 6), caching of personal pages
// (12), proxy headers from a client that reaches the port directly (13), the PDF
// thread's bundle (14), and the small ones (15: Retry-After, one Referrer-Policy,
// percent-encoded addresses in the log, owner-only data files).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type AppServer, freePort, runServerExpectingExit, startAppServer } from "./support/app-server";
import { mailboxKey } from "./support/mailbox";

let app: AppServer;
let port: number;

beforeAll(async () => {
  app = await startAppServer();
  port = Number(new URL(app.url).port);
});
afterAll(async () => {
  await app?.stop();
});

type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A GET with exactly these headers (fetch will not send a Host of our choosing). */
function rawGet(pathname: string, headers: Record<string, string>, url = app.url): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: pathname, method: "GET", headers, setHost: false },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

const ownHost = () => `127.0.0.1:${port}`;

describe("the local mailbox (finding 6)", () => {
  test("answers a request from this machine, to this machine's name and port, with no proxy in between", async () => {
    for (const host of [ownHost(), `localhost:${port}`, `[::1]:${port}`]) {
      const answer = await rawGet("/dev/mailbox", { Host: host });
      expect(answer.status, host).toBe(200);
      expect(answer.body).toContain("Local mailbox");
    }
    const home = await rawGet("/", { Host: ownHost() });
    expect(home.body).toContain('href="/dev/mailbox"');
  });

  // A same-host proxy that adds no header (a plain proxy_pass to 127.0.0.1) looks
  // exactly like a local browser: only the key printed at start-up opens the mail.
  test("shows mail only to a browser that followed the printed link with the key", async () => {
    const key = mailboxKey(app.url);
    expect(app.output()).toContain(`/dev/mailbox?key=${key}`);
    expect(fs.statSync(path.join(app.dataDir, "mailbox-key")).mode & 0o777).toBe(0o600);
    await organizerSession("pat.proxied@example.org");
    const opened = await rawGet("/dev/mailbox", { Host: ownHost(), Cookie: `mailbox-key=${key}` });
    expect(opened.body).toContain("pat.proxied@example.org");
    const withoutKey: Record<string, string>[] = [{ Host: ownHost() }, { Host: ownHost(), Cookie: "mailbox-key=guessed" }];
    for (const headers of withoutKey) {
      const locked = await rawGet("/dev/mailbox", headers);
      expect(locked.status).toBe(200);
      expect(locked.body).toContain("follow the mailbox link printed in the terminal");
      expect(locked.body).not.toContain("pat.proxied@example.org");
      expect(locked.body).not.toContain("<article");
      const data = await rawGet("/dev/mailbox.data", headers);
      expect(data.body).not.toContain("pat.proxied@example.org");
    }
    expect((await rawGet(`/dev/mailbox?key=${key}x`, { Host: ownHost() })).body).not.toContain("pat.proxied@example.org");
    const unlock = await rawGet(`/dev/mailbox?key=${key}`, { Host: ownHost() });
    expect(unlock.status).toBe(302);
    expect(unlock.headers.location).toBe("/dev/mailbox");
    expect(unlock.headers["set-cookie"]?.[0]).toMatch(new RegExp(`^mailbox-key=${key}; Path=/; HttpOnly; SameSite=Lax`));
  });

  test("refuses a rebound DNS name, another port, and any proxy header; the link is hidden then", async () => {
    const refused: Record<string, string>[] = [
      { Host: `attacker.example:${port}` },
      { Host: "attacker.example" },
      { Host: `localhost.attacker.example:${port}` },
      { Host: "127.0.0.1:1" },
      { Host: ownHost(), "X-Forwarded-For": "203.0.113.9" },
      { Host: ownHost(), Forwarded: "for=203.0.113.9" },
      { Host: ownHost(), "X-Real-IP": "203.0.113.9" },
      { Host: ownHost(), "X-Forwarded-Host": "letters.example" },
    ];
    for (const headers of refused) {
      const what = JSON.stringify(headers);
      const page = await rawGet("/dev/mailbox", headers);
      expect(page.status, what).toBe(404);
      expect(page.body, what).not.toContain("Local mailbox");
      const data = await rawGet("/dev/mailbox.data", headers);
      expect(data.status, what).toBe(404);
      const home = await rawGet("/", headers);
      expect(home.status, what).toBe(200);
      expect(home.body, what).not.toContain("/dev/mailbox");
    }
  });

  test("start-up refuses a public setting without SMTP_URL, and says what to set", async () => {
    const publicSettings: Record<string, string>[] = [
      { HOST: "0.0.0.0" },
      { APP_URL: "https://letters.example" },
      { HOST: "192.0.2.10", APP_URL: "http://192.0.2.10:3000" },
    ];
    for (const env of publicSettings) {
      const { code, output } = await runServerExpectingExit({ ...env, PORT: String(await freePort()), DATA_DIR: app.dataDir });
      expect(code, JSON.stringify(env)).toBe(1);
      expect(output).toContain("SMTP_URL: required when the app is reachable from other machines");
      expect(output).toContain("SMTP_URL=smtps://");
    }
  });
});

/** Signs up and verifies an organizer over HTTP, reading the code from the local mailbox; returns the session cookie. */
async function organizerSession(email: string) {
  const signUp = await fetch(`${app.url}/signup`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email, displayName: "Dana Organizer", password: "plum tractor oasis 91" }),
  });
  expect(signUp.status).toBe(302);
  const verification = signUp.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  let code: string | undefined;
  for (let attempt = 0; attempt < 100 && !code; attempt++) {
    const mailbox = await rawGet("/dev/mailbox", { Host: ownHost(), Cookie: `mailbox-key=${mailboxKey(app.url)}` });
    const article = mailbox.body.split("<article").find((part) => part.includes(email));
    const match = article && /(\d{4}) (\d{4})/.exec(article);
    if (match) code = `${match[1]}${match[2]}`;
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(code, "a code in the local mailbox").toBeDefined();
  const verified = await fetch(`${app.url}/verify-email`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: verification },
    body: new URLSearchParams({ intent: "verify", code: code! }),
  });
  expect(verified.status).toBe(302);
  const session = verified.headers.getSetCookie().find((c) => c.startsWith("session="));
  expect(session).toBeDefined();
  return session!.split(";")[0]!;
}

describe("caching of pages that show personal data (finding 12)", () => {
  test("every document and .data answer that sets no caching of its own is private, no-store", async () => {
    const cookie = await organizerSession("dana.cache@example.org");
    const signedIn = [
      "/account",
      "/my/letters",
      "/my/letters/new",
      "/my/invitations",
      "/",
      "/account.data",
      "/my/letters.data",
      "/_root.data",
    ];
    for (const pathname of signedIn) {
      const response = await fetch(`${app.url}${pathname}`, { headers: { Cookie: cookie } });
      expect(response.status, pathname).toBe(200);
      expect(response.headers.get("cache-control"), pathname).toBe("private, no-store");
      await response.arrayBuffer();
    }
    for (const pathname of ["/", "/login", "/signup", "/forgot-password", "/no-such-page", "/login.data", "/_root.data"]) {
      const response = await fetch(`${app.url}${pathname}`);
      expect(response.headers.get("cache-control"), pathname).toBe("private, no-store");
      await response.arrayBuffer();
    }
    const mailbox = await rawGet("/dev/mailbox", { Host: ownHost() });
    expect(mailbox.headers["cache-control"]).toBe("private, no-store");
    // Routes that chose their own keep it: the health check, and static files.
    expect((await fetch(`${app.url}/healthz`)).headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${app.url}/favicon.svg`)).headers.get("cache-control")).toMatch(/^public, max-age=/);
  });
});

describe("the small ones (finding 15)", () => {
  test("a 429 on a document or a .data request says when to retry", async () => {
    for (const [pathname, email] of [
      ["/forgot-password", "retry.document@example.org"],
      ["/forgot-password.data", "retry.data@example.org"],
    ] as const) {
      let last: Response | undefined;
      for (let attempt = 0; attempt < 4; attempt++) {
        last = await fetch(`${app.url}${pathname}`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email }) });
        await last.arrayBuffer();
      }
      expect(last!.status, pathname).toBe(429);
      expect(last!.headers.get("retry-after"), pathname).toMatch(/^[1-9]\d*$/);
    }
  });

  test("Referrer-Policy is sent exactly once, on pages whose route also cares about it", async () => {
    for (const pathname of [
      "/",
      "/healthz",
      "/reset-password/abc.def",
      "/receipt/abc.def",
      "/l/nosuchletter",
      "/l/nosuchletter/sign",
      "/press/abc.def",
      "/press/abc.def/letter.pdf",
    ]) {
      const answer = await rawGet(pathname, { Host: ownHost() });
      expect(answer.headers["referrer-policy"], pathname).toBe("no-referrer");
    }
  });

  test("a percent-encoded address in a path never reaches the log", async () => {
    for (const pathname of [
      "/jane.doe%40corp.example",
      "/jane.doe%2540corp.example",
      "/x/jane.doe%40corp.example/y?to=jane.doe%40corp.example",
    ]) {
      const response = await fetch(`${app.url}${pathname}`);
      expect(response.status).toBe(404);
      await response.arrayBuffer();
    }
    // Request lines are written when the response finishes; one more request flushes ours.
    await (await fetch(`${app.url}/healthz`)).arrayBuffer();
    expect(app.output()).toContain('"status":404');
    expect(app.output()).not.toMatch(/jane\.doe|corp\.example/i);
  });

  test("the database, its -wal and -shm, the secrets and DATA_DIR are owner-only", async () => {
    const db = path.join(app.dataDir, "app.db");
    for (const file of [db, `${db}-wal`, `${db}-shm`, path.join(app.dataDir, "secrets.json")]) {
      expect(fs.statSync(file).mode & 0o777, file).toBe(0o600);
    }
    expect(fs.statSync(app.dataDir).mode & 0o777).toBe(0o700);
  });
});

describe("proxies (finding 13)", () => {
  test("with TRUST_PROXY_HOPS=1, X-Forwarded-* is believed only from TRUSTED_PROXIES", async () => {
    // The test client connects from 127.0.0.1; here the only trusted proxy is elsewhere,
    // so this client is a direct one and its headers speak for nobody.
    const direct = await startAppServer({ TRUST_PROXY_HOPS: "1", TRUSTED_PROXIES: "192.0.2.1, 198.51.100.0/24" });
    try {
      const viaTls = await fetch(`${direct.url}/healthz`, { headers: { "X-Forwarded-Proto": "https" } });
      expect(viaTls.headers.get("strict-transport-security")).toBeNull();
      // Per-IP limits hold however the client names itself: 20 sign-ups per network and hour.
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const response = await fetch(`${direct.url}/signup`, {
          method: "POST",
          redirect: "manual",
          headers: { "X-Forwarded-For": `203.0.113.${i + 1}` },
          body: new URLSearchParams({ email: `spoof.${i}@example.org`, displayName: "S", password: "plum tractor oasis 91" }),
        });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      expect(statuses.slice(0, 20).every((status) => status === 302)).toBe(true);
      expect(statuses[20]).toBe(429);
    } finally {
      await direct.stop();
    }
  });

  test("a bad TRUSTED_PROXIES stops start-up with a message naming it", async () => {
    const { code, output } = await runServerExpectingExit({
      TRUSTED_PROXIES: "10.0.0.0/99",
      PORT: String(await freePort()),
      DATA_DIR: app.dataDir,
    });
    expect(code).toBe(1);
    expect(output).toContain("TRUSTED_PROXIES");
  });
});

describe("secrets shared by every process on one database (decision 022)", () => {
  test("an instance with secrets of its own refuses to start on a database the first one set up, naming them", async () => {
    // Another machine's DATA_DIR: its own generated secrets.json, the running app's database.
    const otherDataDir = fs.mkdtempSync(path.join(path.dirname(app.dataDir), "undersigned-other-"));
    try {
      const { code, output } = await runServerExpectingExit({
        PORT: String(await freePort()),
        DATA_DIR: otherDataDir,
        DATABASE_URL: `file:${path.join(app.dataDir, "app.db")}`,
      });
      expect(code).toBe(1);
      expect(output).toContain("HASH_SECRET and KEY_ENCRYPTION_KEY are not the ones this database was first used with");
      expect(output).toContain("Refusing to start");
      // Nothing of either secret in what it printed.
      const secrets = JSON.parse(fs.readFileSync(path.join(otherDataDir, "secrets.json"), "utf8")) as Record<string, string>;
      for (const value of Object.values(secrets)) expect(output).not.toContain(value);
    } finally {
      fs.rmSync(otherDataDir, { recursive: true, force: true });
    }
    // The running app is untouched.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe("the PDF thread in the production build (finding 14)", () => {
  test("build/server/pdf-worker.js renders a letter on its own thread", async () => {
    const worker = new Worker(path.resolve("build/server/pdf-worker.js"));
    try {
      const snapshot = {
        version: 1,
        title: "A letter",
        addressee: "The CEO",
        organizationName: "Contoso",
        body: "We ask you to **reconsider**.",
        bodyHtml: "",
        textHash: "0".repeat(64),
        allowedDomains: ["contoso.example"],
        openedAt: "2026-11-01T00:00:00.000Z",
        revealedAt: "2026-11-02T00:00:00.000Z",
        publishedAt: "2026-11-03T00:00:00.000Z",
        signatories: [{ name: "Łukasz Nowak", title: null, publicLine: "Engineer" }],
        count: 1,
        verificationStatement: "1 signatory proved a work email at contoso.example.",
      };
      const result = await new Promise<{ id: number; body?: Uint8Array; error?: string }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.postMessage({ id: 1, snapshot, url: "https://letters.example/letters/a" });
      });
      expect(result.error).toBeUndefined();
      expect(Buffer.from(result.body!.subarray(0, 5)).toString()).toBe("%PDF-");
    } finally {
      await worker.terminate();
    }
  });
});
