// Structured logs: one JSON object per line on stdout. Nothing logged may carry a
// work email, a name or a token, so every string passes through `scrub` and
// request paths through `pathShape` before they are written.
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

let threshold: number = order[(process.env.LOG_LEVEL as Level | undefined) ?? "info"] ?? order.info;
let sink: (line: string) => void = (line) => process.stdout.write(line + "\n");

export function setLogLevel(level: Level | "silent") {
  threshold = order[level];
}

/** Tests capture log output by replacing where lines go. */
export function setLogSink(write: (line: string) => void) {
  sink = write;
}

const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;
// Long runs of token-like characters: session ids, codes' hashes, secret slugs.
const TOKEN = /\b[A-Za-z0-9_-]{20,}\b/g;

const PERCENT_RUN = /(%[0-9a-f]{2})+/gi;

/** Undoes percent-encoding where it decodes ("jane.doe%40corp.example"), leaves the rest as it is. */
function percentDecoded(text: string) {
  return text.replace(PERCENT_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function scrubPlain(text: string) {
  return text.replace(EMAIL, "[email]").replace(TOKEN, "[redacted]");
}

export function scrub(text: string) {
  // A path or message may carry an address percent-encoded, even twice
  // ("%2540"): scrub the decoded text too, which is what a reader of the log
  // would reconstruct. The raw form is scrubbed first, in case decoding hid a token.
  let scrubbed = scrubPlain(text);
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(scrubbed); round++) scrubbed = scrubPlain(percentDecoded(scrubbed));
  return scrubbed;
}

/**
 * A request path safe to log: segments that are plain lowercase words stay, any
 * other segment (ids, slugs of private links, tokens) becomes ":param"; the
 * query string is dropped.
 */
export function pathShape(pathname: string) {
  return (
    pathname
      .split("?")[0]!
      .split("/")
      .map((segment) => (segment === "" || /^[a-z][a-z._-]{0,23}$/.test(segment) ? segment : ":param"))
      .join("/") || "/"
  );
}

function clean(value: unknown): unknown {
  if (typeof value === "string") return scrub(value);
  if (value instanceof Error) return { name: value.name, message: scrub(value.message) };
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
  }
  return value;
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (order[level] < threshold) return;
  sink(JSON.stringify({ time: new Date().toISOString(), level, msg: scrub(msg), ...(clean(fields) as object) }));
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

export function logRequest(entry: { method: string; path: string; status: number; ms: number }) {
  log.info("request", { method: entry.method, path: pathShape(entry.path), status: entry.status, ms: Math.round(entry.ms) });
}
