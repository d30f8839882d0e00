// The PDF renderer's thread (see pdf-thread.server.ts). Laying out a letter with
// thousands of names is ~1 s of synchronous work for pdfkit; here it blocks no one.
import { parentPort } from "node:worker_threads";
import type { PublishedSnapshot } from "~/publishing/snapshot.server";
import { letterPdf } from "./pdf.server";

export type PdfJob = { id: number; snapshot: PublishedSnapshot; url: string };
export type PdfResult = { id: number; body: Uint8Array } | { id: number; error: string };

parentPort!.on("message", (job: PdfJob) => {
  letterPdf(job.snapshot, job.url).then(
    (body) => {
      const bytes = new Uint8Array(body);
      parentPort!.postMessage({ id: job.id, body: bytes } satisfies PdfResult, [bytes.buffer]);
    },
    (error: unknown) =>
      parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies PdfResult),
  );
});
