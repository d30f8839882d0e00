// Hostile bodies at the route level (issue 13, findings 1, 2 and 11): every
// action reads its form through readForm, so a body that would have cost
// seconds and gigabytes, or echoed megabytes back, is a small 4xx, and a refused
// form changes nothing.
import type { ActionFunctionArgs } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { action as logInAction } from "~/routes/login";
import { action as signUpAction } from "~/routes/signup";
import { action as forgotAction } from "~/routes/forgot-password";
import { context, createVerifiedUser, expectData, newEmail } from "./support";

type Action = (args: ActionFunctionArgs) => Promise<unknown>;

function rawPost(path: string, body: BodyInit, contentType = "application/x-www-form-urlencoded") {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": contentType },
    duplex: "half",
  } as RequestInit);
}

/** What a refused form gives: the thrown data({ message }, status) the error page shows. */
async function refused(action: Action, request: Request) {
  let thrown: unknown;
  try {
    await action({ request, params: {}, context });
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "a thrown refusal").toBeDefined();
  const answer = thrown as { type?: string; data: { message: string }; init: ResponseInit };
  expect(answer.type, String(thrown)).toBe("DataWithResponseInit");
  return { status: answer.init.status, message: answer.data.message, size: JSON.stringify(answer.data).length };
}

describe("hostile form bodies", () => {
  test("POST /login with x[10000000]=1 is a small 400, not a 30 MB page", async () => {
    const answer = await refused(logInAction, rawPost("/login", "email=a%40b.example&password=x&x[10000000]=1"));
    expect(answer.status).toBe(400);
    expect(answer.size).toBeLessThan(500);
    expect(answer.message).toMatch(/field this page does not ask for/);
  });

  test("every form route refuses text, JSON and multipart bodies with 415", async () => {
    for (const action of [logInAction, signUpAction, forgotAction] as Action[]) {
      expect((await refused(action, rawPost("/x", "email=a@b.example", "text/plain"))).status).toBe(415);
      expect((await refused(action, rawPost("/x", '{"email":"a@b.example"}', "application/json"))).status).toBe(415);
      const multipart = '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.example\r\n--b--\r\n';
      expect((await refused(action, rawPost("/x", multipart, "multipart/form-data; boundary=b"))).status).toBe(415);
      expect((await refused(action, rawPost("/x", "--b\r\n", "multipart/form-data"))).status).toBe(415);
    }
  });

  test("a 100 MB field is refused with 413 after about a megabyte", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode("email=")),
      pull(controller) {
        if (pulled >= 100 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    expect((await refused(logInAction, rawPost("/login", body))).status).toBe(413);
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  test("a NUL in the sign-up name is a 400 and creates no account", async () => {
    const email = newEmail();
    const body = new URLSearchParams({ email, displayName: "Ada\u0000Organizer", password: "plum tractor oasis 91" });
    const answer = await refused(signUpAction, rawPost("/signup", body.toString()));
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/control character/);
    expect(await db().user.count({ where: { email } })).toBe(0);
  });

  test("a failed sign-in echoes only the page's own fields", async () => {
    const { email } = await createVerifiedUser();
    const junk = "z".repeat(60_000);
    const body = new URLSearchParams({ email, password: "wrong password here", junk, extra: "1" });
    const result = await logInAction({
      request: rawPost("/login", body.toString()),
      params: {},
      context: { ...context, clientIp: "192.0.2.200" },
    });
    const { data } = expectData(result);
    const echoed = JSON.stringify(data);
    expect(echoed).toContain(email);
    expect(echoed).not.toContain("zzzz");
    expect(echoed).not.toContain("extra");
    expect(echoed.length).toBeLessThan(2000);
  });
});
