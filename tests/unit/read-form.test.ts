// readForm / parseForm (app/http/read-form.server.ts): every limit holds before
// anything is parsed, and a refusal is a 4xx the error page can show.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  FormRefusedError,
  MAX_FIELDS,
  MAX_FORM_BYTES,
  MAX_VALUE_CHARS,
  knownFields,
  parseForm,
  readForm,
  readFormData,
} from "~/http/read-form.server";

const FORM = "application/x-www-form-urlencoded";

function formRequest(body: BodyInit, headers: Record<string, string> = { "Content-Type": FORM }) {
  return new Request("http://localhost/login", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A body streamed in 64 KiB chunks, as a chunked upload without Content-Length; counts what was pulled. */
function streamedBody(prefix: string, total: number) {
  const chunk = new Uint8Array(64 * 1024).fill("a".charCodeAt(0));
  let sent = 0;
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const next = sent === 0 ? new Uint8Array([...new TextEncoder().encode(prefix), ...chunk.subarray(prefix.length)]) : chunk;
      sent += next.byteLength;
      pulled.bytes += next.byteLength;
      controller.enqueue(next);
    },
  });
  return { stream, pulled };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FormRefusedError);
    return error as FormRefusedError;
  }
  throw new Error("expected the form to be refused");
}

describe("readForm", () => {
  test("reads a browser's form: repeated names, + as space, percent-escapes, non-ASCII, tab and line breaks", async () => {
    const body = "email=a%40b.example&password=x+y&domain=a.example&domain=b.example&body=Gr%C3%BC%C3%9Fe%0D%0A%09%E2%9C%8D&empty=";
    const form = await readFormData(formRequest(body));
    expect(form.get("email")).toBe("a@b.example");
    expect(form.get("password")).toBe("x y");
    expect(form.getAll("domain")).toEqual(["a.example", "b.example"]);
    expect(form.get("body")).toBe("Grüße\r\n\t✍");
    expect(form.get("empty")).toBe("");
    // What URLSearchParams sends (with its charset parameter) is read too.
    const built = await readFormData(new Request("http://localhost/", { method: "POST", body: new URLSearchParams({ a: "1" }) }));
    expect(built.get("a")).toBe("1");
  });

  test("refuses anything but a urlencoded form with 415: text, JSON, multipart, none, another charset", async () => {
    const types = [
      "text/plain",
      "application/json",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded; charset=iso-8859-1",
    ];
    for (const type of types) {
      expect((await refusal(readFormData(formRequest("a=1", { "Content-Type": type })))).status, type).toBe(415);
    }
    expect((await refusal(readFormData(formRequest("a=1", {})))).status).toBe(415);
    const multipart = '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n';
    expect((await refusal(readFormData(formRequest(multipart, { "Content-Type": "multipart/form-data; boundary=x" })))).status).toBe(415);
  });

  test("a Content-Length over the limit is refused with 413 before a byte is read", async () => {
    const { stream, pulled } = streamedBody("a=", 4 * MAX_FORM_BYTES);
    const request = formRequest(stream, { "Content-Type": FORM, "Content-Length": String(4 * MAX_FORM_BYTES) });
    expect((await refusal(readFormData(request))).status).toBe(413);
    // A ReadableStream pulls once to fill its queue when it is made; nothing more.
    expect(pulled.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  test("a body longer than its Content-Length says, or chunked without one, is cut off at the limit with 413", async () => {
    const lying = streamedBody("a=", 3 * MAX_FORM_BYTES);
    const request = formRequest(lying.stream, { "Content-Type": FORM, "Content-Length": "10" });
    expect((await refusal(readFormData(request))).status).toBe(413);
    expect(lying.pulled.bytes).toBeLessThan(MAX_FORM_BYTES + 3 * 64 * 1024);

    // A 100 MB field, chunked: refused after about a megabyte, never held whole.
    const huge = streamedBody("body=", 100 * 1024 * 1024);
    expect((await refusal(readFormData(formRequest(huge.stream)))).status).toBe(413);
    expect(huge.pulled.bytes).toBeLessThan(MAX_FORM_BYTES + 3 * 64 * 1024);
  });

  test("a body of exactly the limit is read", async () => {
    const value = "a".repeat(MAX_VALUE_CHARS);
    const fields = Array.from({ length: 15 }, (_, i) => `f${i}=${value}`).join("&");
    const body = fields + "&pad=" + "b".repeat(MAX_FORM_BYTES - fields.length - 5);
    expect(body.length).toBe(MAX_FORM_BYTES);
    expect((await readFormData(formRequest(body))).get("f0")).toBe(value);
    expect((await refusal(readFormData(formRequest(body + "c")))).status).toBe(413);
  });

  test("Conform paths are refused, so no array is built from an index and nothing is JSON-parsed", async () => {
    for (const name of [
      "x[10000000]",
      "x[100000000]",
      "x%5B100000000%5D",
      "a.b.c.d.e",
      "x[0].y",
      "__intent__",
      "__state__",
      "_x",
      "1a",
      "a b",
      "é",
    ]) {
      const body = `email=a%40b.example&password=x&${name}=1`;
      const refused = await refusal(readFormData(formRequest(body)));
      expect(refused.status, name).toBe(400);
      expect(refused.code, name).toBe("form-field-name");
    }
    expect((await refusal(readFormData(formRequest("=1")))).status).toBe(400);
    expect((await refusal(readFormData(formRequest(`${"k".repeat(65)}=1`)))).status).toBe(400);
  });

  test(`at most ${MAX_FIELDS} fields`, async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=1`).join("&");
    expect([...(await readFormData(formRequest(fields(MAX_FIELDS)))).keys()]).toHaveLength(MAX_FIELDS);
    expect((await refusal(readFormData(formRequest(fields(MAX_FIELDS + 1))))).code).toBe("form-too-many-fields");
    // The same name repeated counts each time; empty pairs do not count.
    expect((await refusal(readFormData(formRequest("a=1&".repeat(MAX_FIELDS + 1))))).code).toBe("form-too-many-fields");
    expect((await readFormData(formRequest("&&&&a=1&&&&"))).get("a")).toBe("1");
  });

  test(`a value of more than ${MAX_VALUE_CHARS} characters is refused`, async () => {
    expect((await readFormData(formRequest(`a=${"x".repeat(MAX_VALUE_CHARS)}`))).get("a")).toHaveLength(MAX_VALUE_CHARS);
    expect((await refusal(readFormData(formRequest(`a=${"x".repeat(MAX_VALUE_CHARS + 1)}`)))).code).toBe("form-value-too-long");
  });

  test("NUL and other C0 control characters are refused in values (tab, LF and CR are text)", async () => {
    for (const escape of ["%00", "%01", "%07", "%08", "%0B", "%0C", "%1B", "%1F"]) {
      const refused = await refusal(readFormData(formRequest(`displayName=Ada${escape}Lovelace`)));
      expect(refused.status, escape).toBe(400);
      expect(refused.code, escape).toBe("form-control-character");
    }
    // A raw NUL byte, not percent-encoded, too.
    expect((await refusal(readFormData(formRequest(new Uint8Array([0x61, 0x3d, 0x00]))))).code).toBe("form-control-character");
  });

  test("malformed escapes and bytes that are not UTF-8 are a 400", async () => {
    for (const body of ["a=%", "a=%zz", "a=%FF", "a=%C3", "a=%ED%A0%80"]) {
      expect((await refusal(readFormData(formRequest(body)))).code, body).toBe("form-malformed");
    }
    expect((await refusal(readFormData(formRequest(new Uint8Array([0x61, 0x3d, 0xff]))))).code).toBe("form-malformed");
    expect((await refusal(readFormData(formRequest("a=1", { "Content-Type": FORM, "Content-Length": "-1" })))).code).toBe("form-malformed");
  });

  test("readForm throws the refusal as data({ message }, status) for the error page, closing the connection", async () => {
    try {
      await readForm(formRequest("x[100000000]=1"));
      throw new Error("expected a refusal");
    } catch (thrown) {
      const answer = thrown as { type: string; data: { message: string }; init: ResponseInit };
      expect(answer.type).toBe("DataWithResponseInit");
      expect(answer.init.status).toBe(400);
      expect(new Headers(answer.init.headers).get("Connection")).toBe("close");
      expect(answer.data.message).toMatch(/field this page does not ask for/);
    }
  });
});

describe("parseForm", () => {
  const schema = z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("a"), email: z.email() }),
    z.object({ intent: z.literal("b"), code: z.string() }).extend({ note: z.string().optional() }),
  ]);

  test("hands Conform only the fields the schema knows, so a failed submission echoes only those", async () => {
    const junk = "j".repeat(60_000);
    const submission = await parseForm(formRequest(`intent=a&email=not-an-address&junk=${junk}&other=1`), schema);
    expect(submission.status).toBe("error");
    const reply = JSON.stringify(submission.reply());
    expect(reply).toContain("not-an-address");
    expect(reply).not.toContain("junk");
    expect(reply).not.toContain("other");
    expect(reply.length).toBeLessThan(1000);
  });

  test("knows the fields of objects, unions, extensions and pipes, and refuses to guess for anything else", () => {
    expect([...knownFields(schema)].sort()).toEqual(["code", "email", "intent", "note"]);
    expect([...knownFields(z.object({ a: z.string() }).transform((v) => v))]).toEqual(["a"]);
    expect([...knownFields(z.object({ a: z.string() }).refine(() => true))]).toEqual(["a"]);
    expect(() => knownFields(z.string())).toThrow(/cannot list the fields/);
  });
});
