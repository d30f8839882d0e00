// Hostile requests against the production server (`node server.js` on the build):
// issue 13, findings 1, 2 and 11. Each gets a small 4xx with a clear message,
// none a 500, none a stack trace, and the server keeps answering meanwhile.
import http from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AppServer, startAppServer } from "./support/app-server";

let app: AppServer;

beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.stop();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * A raw HTTP request (fetch refuses TRACE and a Content-Length it does not
 * send). `body` chunks are written as they come; an error after the answer
 * arrived (the server closed a connection whose body it refused) is fine.
 */
function send(method: string, path: string, headers: Record<string, string>, body: Iterable<Buffer | string> = []) {
  return new Promise<Answer>((resolve, reject) => {
    const url = new URL(path, app.url);
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    (async () => {
      for (const chunk of body) {
        if (request.destroyed) return;
        if (!request.write(chunk)) await drained(request);
      }
      request.end();
    })().catch(() => {});
  });
}

function drained(request: http.ClientRequest) {
  return new Promise<void>((resolve) => {
    const done = () => {
      request.off("drain", done);
      request.off("close", done);
      resolve();
    };
    request.on("drain", done);
    request.on("close", done);
  });
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin" };
const MiB = 1024 * 1024;

function* chunks(prefix: string, total: number) {
  yield prefix;
  const chunk = Buffer.alloc(64 * 1024, "a");
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
}

const noStack = (text: string) => expect(text).not.toMatch(/\bat .*\.(js|ts|mjs):\d+/);

test("a Content-Length over 1 MiB is refused with 413 before the body is read, on any route", async () => {
  for (const path of ["/login", "/", "/healthz", "/no-such-page", "/assets/x.js"]) {
    const answer = await send("POST", path, { ...FORM, "Content-Length": String(100 * MiB) });
    expect(answer.status, path).toBe(413);
    expect(answer.body).toMatch(/too large/);
  }
});

test("a chunked body over 1 MiB (no Content-Length) is cut off with 413 and a message on the page", async () => {
  const answer = await send("POST", "/login", FORM, chunks("email=", 3 * MiB));
  expect(answer.status).toBe(413);
  expect(answer.body).toContain("The form was too large to accept.");
  expect(answer.body.length).toBeLessThan(100_000);
});

test("POST /login with x[10000000]=1 is a small 400 with a message, not a 30 MB page", async () => {
  const answer = await send("POST", "/login", FORM, ["email=a%40b.example&password=x&x[10000000]=1"]);
  expect(answer.status).toBe(400);
  expect(answer.body).toContain("The form had a field this page does not ask for.");
  expect(answer.body.length).toBeLessThan(100_000);
});

test("/healthz keeps answering while hostile posts are in flight", async () => {
  const hostile = [
    send("POST", "/login", FORM, ["email=a%40b.example&password=x&x[100000000]=1"]),
    send("POST", "/signup", FORM, chunks("displayName=", 4 * MiB)),
    send("POST", "/forgot-password", FORM, [`email=${"%00".repeat(300_000)}`]),
  ];
  const health = await send("GET", "/healthz", {});
  expect(health.status).toBe(200);
  for (const answer of await Promise.all(hostile)) {
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  }
  expect((await send("GET", "/healthz", {})).status).toBe(200);
});

test("TRACE and other methods get 405 with Allow, and no stack trace in the answer or the log", async () => {
  for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"]) {
    const answer = await send(method, "/", {});
    expect(answer.status, method).toBe(405);
    expect(answer.headers.allow).toBe("GET, HEAD, POST");
    noStack(answer.body);
  }
});

test("text/plain, JSON and multipart bodies get 415 with a message, and four malformed multipart bodies a 4xx", async () => {
  const bodies: [string, string][] = [
    ["text/plain", "email=a@b.example&password=x"],
    ["application/json", '{"email":"a@b.example","password":"x"}'],
    ["multipart/form-data", "--x\r\n\r\n"],
    ["multipart/form-data; boundary=x", "garbage without any boundary"],
    ["multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nunterminated'],
    ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="${"n".repeat(100_000)}"\r\n\r\n1\r\n--x--\r\n`],
  ];
  for (const [type, body] of bodies) {
    for (const path of ["/login", "/signup", "/forgot-password"]) {
      const answer = await send("POST", path, { "Content-Type": type, "Sec-Fetch-Site": "same-origin" }, [body]);
      expect(answer.status, `${type} to ${path}`).toBe(415);
      expect(answer.body).toContain("only accepts forms sent from this site");
    }
    // A page without a form: Remix's own 405, not a 500.
    const root = await send("POST", "/", { "Content-Type": type }, [body]);
    expect(root.status, `${type} to /`).toBe(405);
  }
});

test("an Origin that does not match Host, under Sec-Fetch-Site: same-origin, is not a 500", async () => {
  // A proxy that rewrites Host: the browser's Origin names the public address.
  for (const origin of ["https://letters.example", "null", "not a url"]) {
    const answer = await send("POST", "/login", { ...FORM, Origin: origin, Host: "app.internal:3000" }, [
      "email=a%40b.example&password=wrong+password",
    ]);
    expect(answer.status, origin).toBeGreaterThanOrEqual(400);
    expect(answer.status, origin).toBeLessThan(500);
    expect(answer.body).toContain("Sign in");
  }
});

test("a NUL in the sign-up name is a 400 with a message", async () => {
  const answer = await send("POST", "/signup", FORM, ["email=a%40b.example&displayName=Ada%00&password=plum+tractor+oasis+91"]);
  expect(answer.status).toBe(400);
  expect(answer.body).toContain("invisible control character");
});

test("nothing above was logged as an error, and no stack trace reached the log", async () => {
  await send("GET", "/no-such-page", {});
  await new Promise((r) => setTimeout(r, 200));
  const output = app.output();
  expect(output).toContain('"status":405');
  expect(output).toContain('"status":404');
  expect(output).not.toContain('"level":"error"');
  noStack(output);
});
