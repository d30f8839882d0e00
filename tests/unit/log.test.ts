import { afterEach, describe, expect, test } from "vitest";
import { log, logRequest, pathShape, scrub, setLogLevel, setLogSink } from "~/log.server";

afterEach(() => {
  setLogSink((line) => process.stdout.write(line + "\n"));
  setLogLevel("silent");
});

function capture() {
  const lines: string[] = [];
  setLogSink((line) => lines.push(line));
  setLogLevel("debug");
  return lines;
}

describe("request paths", () => {
  test.each([
    ["/", "/"],
    ["/healthz", "/healthz"],
    ["/dev/mailbox", "/dev/mailbox"],
    ["/letters/microsoft-ice-contract", "/letters/microsoft-ice-contract"],
    ["/l/k3x9qz7m2p4w8r6t1v5y0b3n", "/l/:param"],
    ["/receipt/3f2a1c9e-44b1-4c3e-9d2f-8a7b6c5d4e3f", "/receipt/:param"],
    ["/r/abcdefghijklmnopqrstuvwxyzabcdef", "/r/:param"],
    ["/reset?token=secret123", "/reset"],
  ])("%s is logged as %s", (input, shape) => {
    expect(pathShape(input)).toBe(shape);
  });
});

describe("scrub", () => {
  test("removes email addresses and token-like strings", () => {
    const text = scrub("550 5.1.1 <dana.smith@bigcorp.example>: rejected; session k3x9qz7m2p4w8r6t1v5y0b3n");
    expect(text).not.toContain("dana.smith");
    expect(text).not.toContain("bigcorp.example");
    expect(text).not.toContain("k3x9qz7m2p4w8r6t1v5y0b3n");
  });

  test("removes addresses that are percent-encoded, once or twice, as in a 404 path", () => {
    for (const raw of [
      'No route matches URL "/jane.doe%40corp.example"',
      "/jane.doe%2540corp.example",
      "/u/jane%2Edoe%40corp%2Eexample?x=%ZZ",
      "to=jane.doe%40corp.example&t=%4",
    ]) {
      const text = scrub(raw);
      expect(text, raw).not.toMatch(/jane|corp/);
      expect(text, raw).toContain("[email]");
    }
    // Text that only looks encoded stays readable.
    expect(scrub("100% done, %ZZ")).toBe("100% done, %ZZ");
  });
});

test("log lines are JSON and never carry an address or token passed in message, fields or errors", () => {
  const lines = capture();
  log.info("sent to erin@bigcorp.example", { to: "erin@bigcorp.example", nested: { token: "Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1" } });
  log.error("failed", { error: new Error("no such user frank@bigcorp.example") });
  logRequest({ method: "GET", path: "/r/Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1", status: 200, ms: 3.4 });
  const output = lines.join("\n");
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  expect(lines).toHaveLength(3);
  expect(output).not.toMatch(/erin|frank|bigcorp|Zm9vYmFy/);
  expect(JSON.parse(lines[2]!)).toMatchObject({ msg: "request", method: "GET", path: "/r/:param", status: 200, ms: 3 });
});
