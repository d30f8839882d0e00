// The one way an action reads a request body (decision 012). Every limit is
// checked BEFORE anything is parsed, so a hostile body costs at most
// MAX_FORM_BYTES of memory and one pass over it:
// - only `application/x-www-form-urlencoded` (no form in the app uploads a file,
//   so multipart, JSON and text are refused: 415);
// - at most MAX_FORM_BYTES, from Content-Length and again while streaming, so a
//   chunked body without Content-Length is cut off too (413);
// - at most MAX_FIELDS fields, each named like a plain input (no Conform paths
//   such as `x[10000000]` or `a.b.c`, from which Conform would build a dense
//   array or a deep object, and no `__intent__`/`__state__`, which it would
//   JSON.parse), each value at most MAX_VALUE_CHARS characters with no C0 control
//   character but tab, line feed and carriage return (PostgreSQL refuses NUL in
//   text columns). Anything else is a 400.
// A refusal is thrown as `data({ message }, status)`: the root ErrorBoundary shows
// the message (app/components/error-page.tsx), nothing is changed, nothing echoed.
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { $ZodType } from "zod/v4/core";
import { AppError, type AppErrorCode } from "~/errors";

/**
 * The largest letter body (50,000 characters) percent-encodes to at most
 * 450,000 bytes (a 3-byte character is 9 bytes encoded; a 4-byte one counts as two
 * characters), plus the other fields: 1 MiB leaves twice that.
 */
export const MAX_FORM_BYTES = 1024 * 1024;
/** The largest form (a letter draft) has about ten fields. */
export const MAX_FIELDS = 64;
export const MAX_KEY_CHARS = 64;
/** Above the letter body's 50,000, so a too-long letter still gets the field's own message. */
export const MAX_VALUE_CHARS = 65_536;

const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;
// C0 controls but \t \n \r: matching them is the point.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** The refusals of this module (the `form-…` codes of app/errors.ts). */
type FormRefusal = Extract<AppErrorCode, `form-${string}`>;

export class FormRefusedError extends AppError<FormRefusal> {
  override name = "FormRefusedError";
  constructor(code: FormRefusal) {
    super(code);
  }
}

const refusals = {
  contentType: () => new FormRefusedError("form-content-type"),
  tooLarge: () => new FormRefusedError("form-too-large"),
  malformed: () => new FormRefusedError("form-malformed"),
  tooManyFields: () => new FormRefusedError("form-too-many-fields"),
  fieldName: () => new FormRefusedError("form-field-name"),
  valueTooLong: () => new FormRefusedError("form-value-too-long"),
  control: () => new FormRefusedError("form-control-character"),
};

/**
 * The body of a form post, bounded (see the top of this file). Throws a
 * `data({ message }, 4xx)` that the root ErrorBoundary shows.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await readFormData(request);
  } catch (error) {
    if (error instanceof FormRefusedError) {
      // Connection: close, so a body left unread is not drained into a kept-alive connection.
      throw data({ message: error.userMessage }, { status: error.status, headers: { Connection: "close" } });
    }
    throw error;
  }
}

/**
 * readForm, then only the fields the schema knows go to Conform: a failed
 * submission's reply echoes its fields back, and now those are only the page's
 * own fields, each within MAX_VALUE_CHARS.
 */
export async function parseForm<Schema extends $ZodType>(request: Request, schema: Schema) {
  const known = knownFields(schema);
  const form = await readForm(request);
  const kept = new FormData();
  for (const [name, value] of form) if (known.has(name)) kept.append(name, value);
  return parseWithZod(kept, { schema });
}

/** Like readForm, but throws the FormRefusedError itself (for tests, and callers that map it). */
export async function readFormData(request: Request): Promise<FormData> {
  if (!isUrlEncodedForm(request.headers.get("Content-Type"))) throw refusals.contentType();
  const declared = request.headers.get("Content-Length");
  if (declared !== null) {
    if (!/^\d{1,16}$/.test(declared.trim())) throw refusals.malformed();
    if (Number(declared) > MAX_FORM_BYTES) throw refusals.tooLarge();
  }
  const bytes = await readBounded(request);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw refusals.malformed();
  }
  return parseUrlEncoded(text);
}

function isUrlEncodedForm(contentType: string | null) {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/x-www-form-urlencoded") return false;
  // Browsers send no charset; URLSearchParams-built bodies say UTF-8. Nothing else is read.
  return parameters.every((p) => !p.startsWith("charset=") || p === "charset=utf-8" || p === 'charset="utf-8"');
}

/** The body's bytes, refused as soon as they pass MAX_FORM_BYTES, whatever Content-Length said. */
async function readBounded(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  if (request.bodyUsed) throw new Error("readForm: the body was already read");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      // The client went away or sent a broken chunked encoding.
      throw refusals.malformed();
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > MAX_FORM_BYTES) {
      // Stop reading but do not cancel: cancelling destroys the socket under the
      // Express adapter, and the 413 could not be sent. The response closes the connection.
      reader.releaseLock();
      throw refusals.tooLarge();
    }
    chunks.push(step.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** application/x-www-form-urlencoded, strictly, counting fields as it goes. */
function parseUrlEncoded(text: string): FormData {
  const form = new FormData();
  let fields = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("&", start);
    if (end === -1) end = text.length;
    const pair = text.slice(start, end);
    start = end + 1;
    if (pair === "") continue;
    fields += 1;
    if (fields > MAX_FIELDS) throw refusals.tooManyFields();
    const equals = pair.indexOf("=");
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? "" : pair.slice(equals + 1);
    // Checked before decoding, so a long name costs nothing (encoded is never shorter).
    if (rawName.length > MAX_KEY_CHARS * 9) throw refusals.fieldName();
    const name = decode(rawName);
    if (name.length > MAX_KEY_CHARS || !KEY.test(name)) throw refusals.fieldName();
    if (rawValue.length > MAX_VALUE_CHARS * 9) throw refusals.valueTooLong();
    const value = decode(rawValue);
    if (value.length > MAX_VALUE_CHARS) throw refusals.valueTooLong();
    if (CONTROL.test(value)) throw refusals.control();
    form.append(name, value);
  }
  return form;
}

function decode(component: string) {
  try {
    return decodeURIComponent(component.replaceAll("+", " "));
  } catch {
    // A stray "%", or percent-escapes that are not UTF-8.
    throw refusals.malformed();
  }
}

type Def = { type: string; shape?: Record<string, unknown>; options?: $ZodType[]; in?: $ZodType; innerType?: $ZodType };

/**
 * The top-level field names a form schema reads (objects, unions of objects,
 * and what wraps them). A schema it cannot read is a programming error: every
 * action's schema must list its fields, or the echo would not be bounded.
 */
export function knownFields(schema: $ZodType): Set<string> {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case "object":
      return new Set(Object.keys(def.shape ?? {}));
    case "union":
      return new Set((def.options ?? []).flatMap((option) => [...knownFields(option)]));
    case "pipe":
      return knownFields(def.in!);
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
    case "catch":
    case "prefault":
      return knownFields(def.innerType!);
    default:
      throw new Error(`readForm: cannot list the fields of a "${def.type}" schema`);
  }
}
