// A NUL byte in free text made PostgreSQL answer 500 (issue 13, finding 11):
// readForm refuses it before the domain is reached, on both databases.
import type { ActionFunctionArgs } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { db } from "~/db/client.server";
import { action as newLetterAction } from "~/routes/my.letters.new";
import { action as signUpAction } from "~/routes/signup";
import { context, createVerifiedUser, newEmail } from "../routes/support";

type Action = (args: ActionFunctionArgs) => Promise<unknown>;

function formPost(path: string, fields: Record<string, string>, cookie?: string) {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  return new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields).toString(), headers });
}

async function statusOfRefusal(action: Action, request: Request) {
  try {
    await action({ request, params: {}, context });
  } catch (thrown) {
    const answer = thrown as { type?: string; init?: ResponseInit };
    expect(answer.type, String(thrown)).toBe("DataWithResponseInit");
    return answer.init?.status;
  }
  throw new Error("expected the form to be refused");
}

describe("NUL bytes in free text", () => {
  test("the sign-up name: 400, and no account", async () => {
    const email = newEmail();
    const status = await statusOfRefusal(
      signUpAction,
      formPost("/signup", { email, displayName: "Ada\u0000", password: "plum tractor oasis 91" }),
    );
    expect(status).toBe(400);
    expect(await db().user.count({ where: { email } })).toBe(0);
  });

  test("a letter's body: 400, and no draft", async () => {
    const { user, cookie } = await createVerifiedUser();
    const fields = {
      intent: "save",
      title: "A fair contract",
      addressee: "The board",
      organizationName: "Example Corp",
      allowedDomains: "example.com",
      body: "We ask for\u0000 a fair contract.",
      noteToSigners: "",
      threshold: "100",
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    };
    expect(await statusOfRefusal(newLetterAction, formPost("/my/letters/new", fields, cookie))).toBe(400);
    expect(await db().letterOrganizer.count({ where: { userId: user.id } })).toBe(0);
  });
});
