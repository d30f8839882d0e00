// Typed failures end to end: each code carries its own words, status and field; one
// module turns them into HTTP answers, and the server build applies it to every
// route's loader and action.
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, test } from "vitest";
import { AppError, NotFoundError, RateLimitedError } from "~/errors";
import { appErrorResponse, mapAppErrors, withAppErrors } from "~/http/app-errors.server";

type Thrown = { type?: string; data?: unknown; init?: ResponseInit | null };

function dataAnswer(value: unknown) {
  expect(value, "data(…), not a Response").not.toBeInstanceOf(Response);
  const thrown = value as Thrown;
  expect(thrown.type).toBe("DataWithResponseInit");
  return { data: thrown.data, status: thrown.init?.status, headers: new Headers(thrown.init?.headers) };
}

describe("AppError", () => {
  test("a code gives its own message, status and field", () => {
    const error = new AppError("already-organizer");
    expect(error).toMatchObject({
      code: "already-organizer",
      userMessage: "This person is already an organizer of this letter.",
      status: 409,
    });
    expect(error.options.field).toBe("email");
    expect(new AppError("code-wrong")).toMatchObject({ status: 400, options: { field: "code" } });
    expect(new AppError("invalid-credentials").options.field).toBeUndefined();
  });

  test("a message built from values, and a field named by the thrower", () => {
    const weak = new AppError("weak-password", { problem: "Use at least 12 characters." }, { field: "newPassword" });
    expect(weak).toMatchObject({ userMessage: "Use at least 12 characters.", status: 400, options: { field: "newPassword" } });
    expect(new AppError("weak-password", { problem: "x" }).options.field).toBe("password");
    expect(
      new AppError("domain-not-allowed", { organizationName: "Microsoft", allowedDomains: ["microsoft.com", "github.com"] }).userMessage,
    ).toBe("This letter is for people at Microsoft: use an address ending in @microsoft.com or @github.com.");
    expect(new AppError("code-expired", { flow: "login" }).userMessage).toBe("This code has expired. Send a new one.");
    expect(new AppError("code-expired", { flow: "signing" }).userMessage).toBe(
      "This code has expired. Enter your work email again to get a new one.",
    );
  });

  test("rate limits say how long to wait, and carry it for Retry-After", () => {
    expect(new RateLimitedError(30, "code requests")).toMatchObject({
      code: "rate-limited",
      status: 429,
      userMessage: "Too many code requests. Please wait 30 seconds and try again.",
      options: { retryAfterSeconds: 30 },
    });
    expect(new RateLimitedError(600).userMessage).toBe("Too many attempts. Please wait 10 minutes and try again.");
  });

  test("NotFoundError is an AppError answered 404", () => {
    const error = new NotFoundError();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "not-found", status: 404, name: "NotFoundError" });
  });
});

describe("appErrorResponse", () => {
  test("NotFoundError → a bare 404 Response", async () => {
    const answer = appErrorResponse(new NotFoundError());
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(404);
    expect(await (answer as Response).text()).toBe("Not found");
  });

  test("another AppError → its user message, with its status", () => {
    const answer = dataAnswer(appErrorResponse(new AppError("not-cancellable")));
    expect(answer.data).toEqual({ message: "Only a draft or an open letter can be cancelled." });
    expect(answer.status).toBe(409);
  });

  test("a rate limit → 429 with Retry-After", () => {
    const answer = dataAnswer(appErrorResponse(new RateLimitedError(42)));
    expect(answer.status).toBe(429);
    expect(answer.headers.get("Retry-After")).toBe("42");
  });

  test("anything else is left as it was: a bug stays a 500, a redirect a redirect", () => {
    const bug = new TypeError("boom");
    expect(appErrorResponse(bug)).toBe(bug);
    const redirect = new Response(null, { status: 302, headers: { Location: "/" } });
    expect(appErrorResponse(redirect)).toBe(redirect);
    expect(appErrorResponse("a string")).toBe("a string");
  });
});

describe("mapAppErrors", () => {
  test("passes results through and throws the mapped answer", async () => {
    expect(await mapAppErrors(async (n: number) => n + 1)(1)).toBe(2);
    expect(await mapAppErrors((n: number) => n * 3)(2)).toBe(6);
    const thrown = await mapAppErrors(async () => {
      throw new NotFoundError();
    })().catch((error: unknown) => error);
    expect((thrown as Response).status).toBe(404);
    const bug = new Error("bug");
    await expect(
      mapAppErrors(async () => {
        throw bug;
      })(),
    ).rejects.toBe(bug);
  });
});

describe("withAppErrors(build)", () => {
  const args = {
    request: new Request("http://localhost/x"),
    params: {},
    context: { cspNonce: "n", clientIp: "203.0.113.7", directLoopback: false },
  };
  const failing = () => {
    throw new NotFoundError();
  };
  const Page = () => null;

  function fakeBuild() {
    // Route modules are module namespace objects: frozen.
    const page = Object.freeze({ default: Page, loader: failing, action: async () => ({ ok: true }), handle: { hydrate: false } });
    const resource = Object.freeze({ loader: async () => new Response("file") });
    const layout = Object.freeze({ default: Page });
    const build = {
      mode: "production",
      entry: { module: {} },
      routes: {
        root: { id: "root", path: "", module: layout },
        "routes/page": { id: "routes/page", parentId: "root", path: "page", module: page },
        "routes/file": { id: "routes/file", parentId: "root", path: "file", module: resource },
      },
      assets: {},
      publicPath: "/",
      assetsBuildDirectory: "build/client",
      future: {},
      isSpaMode: false,
    } as unknown as ServerBuild;
    return { build, page, resource, layout };
  }

  test("every loader and action answers AppErrors as HTTP; everything else is kept", async () => {
    const { build, page, resource, layout } = fakeBuild();
    const wrapped = withAppErrors(build);
    const pageModule = wrapped.routes["routes/page"]!.module;

    const thrown = await Promise.resolve(pageModule.loader!(args)).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await pageModule.action!(args)).toEqual({ ok: true });
    const file = await wrapped.routes["routes/file"]!.module.loader!(args);
    expect(file).toBeInstanceOf(Response);
    expect(await (file as Response).text()).toBe("file");

    expect(pageModule.default).toBe(Page);
    expect(pageModule.handle).toBe(page.handle);
    expect(wrapped.routes.root!.module).toEqual(layout);
    expect("loader" in wrapped.routes.root!.module).toBe(false);
    expect(wrapped.routes["routes/page"]).toMatchObject({ id: "routes/page", parentId: "root", path: "page" });
    expect(wrapped.entry).toBe(build.entry);
    expect(wrapped.assets).toBe(build.assets);

    // The build it was given is untouched.
    expect(build.routes["routes/page"]!.module.loader).toBe(failing);
    expect(build.routes["routes/file"]!.module).toBe(resource);
  });
});
