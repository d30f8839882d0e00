// Served over HTTPS, every cookie is Secure and __Host- prefixed (the browser then
// refuses it over HTTP, with a Domain, or on another path).
process.env.APP_URL = "https://letters.example";
// A public APP_URL needs a mail server: the local mailbox is for this machine only.
process.env.SMTP_URL = "smtp://127.0.0.1:9";

import { expect, test } from "vitest";
import { clearCookie, cookieName, readCookie, serializeCookie } from "~/auth/cookies.server";

test("over HTTPS: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/", () => {
  const header = serializeCookie("session", "abc.def", 3600);
  expect(header).toBe("__Host-session=abc.def; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure");
  expect(clearCookie("session")).toContain("Max-Age=0");
  expect(cookieName("session")).toBe("__Host-session");
});

test("reads only the prefixed cookie, so a plain one planted over HTTP is ignored", () => {
  const request = new Request("https://letters.example/", { headers: { Cookie: "session=planted; __Host-session=real" } });
  expect(readCookie(request, "session")).toBe("real");
});
