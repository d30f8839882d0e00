// Phase 1: the public page of a published letter under a press-day crowd, beside
// the ceiling of a bare node:http server returning the same bytes; in the cluster
// mode, through nginx: cached, uncached, and a static file as the ceiling.
import fs from "node:fs";
import https from "node:https";
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

export async function hammer(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<LoadFigures> {
  // A short warm-up first (JIT, caches), not counted. (Over HTTPS autocannon takes any
  // certificate: the cluster's is a throwaway one.)
  await autocannon({ url, connections, duration: 2, headers });
  const result = await autocannon({ url, connections, duration: seconds, headers });
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

/** One GET over HTTPS trusting `ca`, sending no Accept-Encoding (as autocannon does). */
function fetchThroughProxy(url: string, ca: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; cacheStatus: string; cacheControl: string; body: Buffer }>((resolve, reject) => {
    https
      .get(url, { ca, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            cacheStatus: String(res.headers["x-cache-status"] ?? "none"),
            cacheControl: String(res.headers["cache-control"] ?? ""),
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

/** Runs a load and returns its figures with the CPU each process group spent on it. */
type Measured<T> = (work: () => Promise<LoadFigures>) => Promise<LoadFigures & T>;

/**
 * The cluster mode's public page, all through the same nginx over HTTPS: as the proxy
 * caches it (X-Cache-Status HIT, checked before and after), uncached (every request
 * carries a cookie, which the recipe never caches: each one reaches an instance), and
 * the page's very bytes as a static file from nginx (the ceiling).
 */
export async function measurePublicPageThroughProxy<T>({
  pageUrl,
  staticUrl,
  staticFile,
  certificate,
  measured,
  connections = 50,
  seconds = 10,
}: {
  pageUrl: string;
  staticUrl: string;
  staticFile: string;
  certificate: string;
  measured: Measured<T>;
  connections?: number;
  seconds?: number;
}) {
  const first = await fetchThroughProxy(pageUrl, certificate);
  if (first.status !== 200) throw new Error(`the public page answered ${first.status} through nginx`);
  fs.writeFileSync(staticFile, first.body);
  const second = await fetchThroughProxy(pageUrl, certificate);
  if (second.cacheStatus !== "HIT") {
    throw new Error(
      `the second request was not served from nginx's cache (X-Cache-Status ${second.cacheStatus}, Cache-Control "${second.cacheControl}")`,
    );
  }
  const cookie = { cookie: "bench=uncached" };
  const bypassed = await fetchThroughProxy(pageUrl, certificate, cookie);
  if (bypassed.cacheStatus !== "BYPASS")
    throw new Error(`a request with a cookie was not passed on (X-Cache-Status ${bypassed.cacheStatus})`);
  const staticSample = await fetchThroughProxy(staticUrl, certificate);
  if (staticSample.status !== 200 || staticSample.body.length !== first.body.length)
    throw new Error("the static ceiling is not the page's bytes");

  const cached = await measured(() => hammer(pageUrl, connections, seconds));
  const stillCached = (await fetchThroughProxy(pageUrl, certificate)).cacheStatus;
  const uncached = await measured(() => hammer(pageUrl, connections, seconds, cookie));
  const ceiling = await measured(() => hammer(staticUrl, connections, seconds));
  return {
    pageBytes: first.body.length,
    connections,
    cacheStatus: { first: first.cacheStatus, second: second.cacheStatus, afterCachedRun: stillCached, withCookie: bypassed.cacheStatus },
    cached,
    uncached,
    ceiling,
    cachedRatio: cached.requestsPerSecond / ceiling.requestsPerSecond,
    uncachedRatio: uncached.requestsPerSecond / ceiling.requestsPerSecond,
  };
}
