// PDFs are rendered on a worker thread, never on the event loop: pdfkit lays out
// a letter synchronously (0.8 s for a long one), and six downloads at once held
// every other request, /healthz included, for seconds (decision 011).
//
// One thread, started on the first PDF and kept (unref'd: it never holds the
// process open); jobs queue in it one after another, so PDFs cost at most one
// core whatever the number of downloads. If the thread dies, its jobs fail and
// the next PDF starts a new one.
//
// Where the thread's code is: next to this module when it runs from source
// (tests, `npm run dev`, scripts under tsx: the thread registers tsx to load
// TypeScript), and build/server/pdf-worker.js in production, which `npm run build`
// bundles from pdf-worker.ts (scripts/build-pdf-worker.mjs) because the
// server bundle has no separate file a thread could load.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import type { PdfJob, PdfResult } from "./pdf-worker";

type Pending = { resolve(body: Uint8Array): void; reject(error: Error): void };

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;
let renders = 0;

/** How many PDFs have been rendered (started) in this process: tests check that stored ones are reused. */
export function pdfRenderCount() {
  return renders;
}

function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  if (/\.tsx?$/.test(here)) {
    // From source: register tsx in the thread, then load the TypeScript entry.
    const entry = pathToFileURL(path.join(path.dirname(here), "pdf-worker.ts")).href;
    const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true });
  }
  const candidates = [path.join(path.dirname(here), "pdf-worker.js"), path.resolve("build/server/pdf-worker.js")];
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`no PDF worker bundle (looked for ${candidates.join(", ")}): run npm run build`);
  return new Worker(file);
}

function failAll(error: Error) {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

function thread(): Worker {
  if (worker) return worker;
  const started = startWorker();
  started.unref();
  started.on("message", (result: PdfResult) => {
    const job = pending.get(result.id);
    if (!job) return;
    pending.delete(result.id);
    if ("body" in result) job.resolve(result.body);
    else job.reject(new Error(`PDF rendering failed: ${result.error}`));
  });
  const forget = (error: Error) => {
    if (worker === started) worker = undefined;
    failAll(error);
  };
  started.on("error", (error) => forget(error));
  started.on("exit", (code) => forget(new Error(`PDF thread exited (${code})`)));
  worker = started;
  return started;
}

/** The letter's PDF, rendered on the PDF thread: the same bytes letterPdf gives. */
export function renderPdfOffThread(snapshot: PublishedSnapshot, url: string): Promise<Uint8Array> {
  renders += 1;
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    // A job keeps the thread referenced, so the process waits for a PDF it is rendering.
    const running = thread();
    running.ref();
    const settle = () => {
      if (pending.size === 0) running.unref();
    };
    pending.set(id, { resolve: (body) => (resolve(body), settle()), reject: (error) => (reject(error), settle()) });
    running.postMessage({ id, snapshot, url } satisfies PdfJob);
  });
}

/** Ends the PDF thread (shutdown, tests); the next PDF starts a new one. */
export async function stopPdfThread() {
  const running = worker;
  worker = undefined;
  if (running) await running.terminate();
}
