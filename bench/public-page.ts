// Phase 1: the public page of a published letter under a press-day crowd, beside
// the ceiling of a bare node:http server returning the same bytes.
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { startBareServer } from "./processes";

export type LoadFigures = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
};

export async function hammer(url: string, connections: number, seconds: number): Promise<LoadFigures> {
  // A short warm-up first (JIT, caches), not counted.
  await autocannon({ url, connections, duration: 2 });
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
  };
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "date", "content-length"]);

export async function measurePublicPage(pageUrl: string, workDir: string, { connections = 50, seconds = 10 } = {}) {
  const sample = await fetch(pageUrl);
  if (sample.status !== 200) throw new Error(`the public page answered ${sample.status}`);
  const bytes = Buffer.from(await sample.arrayBuffer());
  const headers: Record<string, string> = {};
  sample.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  });
  const bodyFile = path.join(workDir, "public-page.html");
  fs.writeFileSync(bodyFile, bytes);

  const app = await hammer(pageUrl, connections, seconds);
  const bare = await startBareServer(bodyFile, headers);
  try {
    const ceiling = await hammer(bare.url, connections, seconds);
    return { pageBytes: bytes.length, connections, app, ceiling, ratio: app.requestsPerSecond / ceiling.requestsPerSecond };
  } finally {
    await bare.stop();
  }
}
