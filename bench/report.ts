// The table `npm run bench` prints: each figure beside its target (docs/performance.md).
type Load = { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number };
type Cpu = { apps: number; worker: number; nginx: number; postgresOurs?: number; postgresShared?: number };

type Results = {
  database: string;
  cluster?: { instances: number };
  machine: { cpus: number; cpuModel?: string; node: string };
  seeding: { signatures: number; seconds: number };
  publicPage?: {
    pageBytes: number;
    connections: number;
    app: { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number };
    ceiling: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
    ratio: number;
  };
  publicPageThroughProxy?: {
    pageBytes: number;
    connections: number;
    cacheStatus: Record<string, string>;
    cached: Load & { cpuMs: Cpu };
    uncached: Load & { cpuMs: Cpu };
    ceiling: Load & { cpuMs: Cpu };
    cachedRatio: number;
    uncachedRatio: number;
  };
  exports?: { format: string; firstMs: number; bytes: number; againMs: number }[];
  reveal: { sealedBefore: number; crossingSignMs: number; namesReadableMs: number; dashboardMs: number }[];
  trusteeRelease?: {
    size: number;
    keyFileOpenMs: number;
    releases: { trustee: number; browserMs: number; finishMs: number; progressBarSeen: boolean }[];
    serverRevealMs: number;
    signerSealMs: number;
    revealed: boolean;
  }[];
  rush: {
    concurrency: number;
    flowsPerSecond: number;
    errors: number;
    errorSamples: string[];
    p50FlowMs: number;
    p99FlowMs: number;
    p99StepMs: Record<string, number>;
    countChecked: boolean;
    serverCpuMsPerFlow: number;
    driverCpuMsPerFlow?: number;
    cpuMsPerFlow?: Cpu;
  }[];
  memory: { peakBytes: number; peakRssSumBytes?: number; processes?: number; peakByPhase: Record<string, number> };
  failures: Record<string, string>;
  loadAverageAtStart: number[];
};

const UK_RECORD_PER_SECOND = 33;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const kb = (bytes: number) => (bytes >= 2 ** 20 ? mb(bytes) : `${(bytes / 1024).toFixed(0)} kB`);
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function printResults(r: Results) {
  const failed = Object.entries(r.failures).map(([phase, message]) => `FAILED ${phase}: ${message}`);
  const sections = [
    header(r),
    publicPage(r),
    publicPageThroughProxy(r),
    signingRush(r),
    rushCpuByProcess(r),
    reveal(r),
    trusteeRelease(r),
    exportsOf(r),
    memory(r),
    failed,
  ].filter((lines) => lines.length > 0);
  console.log(sections.map((lines) => lines.join("\n")).join("\n\n"));
}

function trusteeRelease(r: Results) {
  if (!r.trusteeRelease?.length) return [];
  // Issue 15: in the browser 10,000 shares < 30 s, 100,000 < 5 min; the server's reveal at 100,000 < 5 s.
  // Decision 016: each signature is opened as its k-th share arrives, in trustee 2's
  // chunks, so the 2nd "done" only flips; trustee 2's time minus trustee 1's is what
  // the opening adds (bench/trustee-reveal-server.ts measures it on the server alone).
  const browserTarget = (size: number) => (size <= 10_000 ? 30_000 : 300_000);
  return [
    "Trustees' release (Chromium, the real page; 3 trustees, k = 2)",
    table([
      [
        "shares",
        "trustee 1 (open + send)",
        "trustee 2",
        "2nd done (the reveal's flip)",
        "key file (scrypt 2^17)",
        "signer seal",
        "revealed",
      ],
      ...r.trusteeRelease.map((t) => [
        t.size.toLocaleString("en"),
        `${(t.releases[0]?.browserMs ?? 0) / 1000} s`,
        `${(t.releases[1]?.browserMs ?? 0) / 1000} s`,
        `${t.serverRevealMs} ms`,
        `${t.keyFileOpenMs} ms`,
        `${t.signerSealMs} ms`,
        t.revealed ? "yes" : "NO",
      ]),
    ]),
    ...r.trusteeRelease.map(
      (t) =>
        `   at ${t.size.toLocaleString("en")}: browser ${verdict(t.releases.every((x) => x.browserMs < browserTarget(t.size)))}` +
        `${t.size >= 100_000 ? `, server reveal < 5 s ${verdict(t.serverRevealMs < 5000)}` : ""}` +
        `, progress bar ${t.releases.every((x) => x.progressBarSeen) ? "shown" : "NOT seen"}` +
        `; opening as the k-th shares arrived added ${(((t.releases[1]?.browserMs ?? 0) - (t.releases[0]?.browserMs ?? 0)) / 1000).toFixed(1)} s to trustee 2`,
    ),
  ];
}

function header(r: Results) {
  return [
    `Undersigned benchmark — ${r.database}${r.cluster ? `, ${r.cluster.instances} instance(s) + worker behind nginx (deploy/ recipe)` : ""}, ${r.machine.cpus} cores (${r.machine.cpuModel ?? "?"}), Node ${r.machine.node}`,
    `Seeded ${r.seeding.signatures.toLocaleString("en")} signatures through the signing flow in ${r.seeding.seconds} s. Load average at start: ${r.loadAverageAtStart.join(", ")}.`,
  ];
}

function publicPage(r: Results) {
  if (!r.publicPage) return [];
  const p = r.publicPage;
  return [
    `1. Public letter page (${kb(p.pageBytes)}), ${p.connections} connections`,
    table([
      ["server", "req/s", "p50 ms", "p99 ms", "errors"],
      ["app", String(p.app.requestsPerSecond), String(p.app.p50Ms), String(p.app.p99Ms), String(p.app.errors + p.app.non2xx)],
      ["bare node:http", String(p.ceiling.requestsPerSecond), String(p.ceiling.p50Ms), String(p.ceiling.p99Ms), "-"],
    ]),
    `   ratio ${(p.ratio * 100).toFixed(0)}% of the ceiling (target ≥ 50%: ${verdict(p.ratio >= 0.5)})`,
  ];
}

/** CPU ms per 1,000 requests: what each process group paid for one load. */
function cpuPerThousand(load: Load & { cpuMs: Cpu }, seconds: number) {
  const requests = Math.max(1, load.requestsPerSecond * seconds);
  const per = (ms: number | undefined) => (ms === undefined ? "-" : String(Math.round((ms / requests) * 1000)));
  return [per(load.cpuMs.apps + load.cpuMs.worker), per(load.cpuMs.nginx), per(load.cpuMs.postgresOurs)];
}

function publicPageThroughProxy(r: Results) {
  const p = r.publicPageThroughProxy;
  if (!p) return [];
  // The warm-up is not in requestsPerSecond but its CPU is in cpuMs: 2 s of 12 (public-page.ts).
  const row = (name: string, load: Load & { cpuMs: Cpu }) => [
    name,
    String(load.requestsPerSecond),
    String(load.p50Ms),
    String(load.p99Ms),
    String(load.errors + load.non2xx),
    ...cpuPerThousand(load, 12),
  ];
  return [
    `1. Public letter page through nginx (HTTPS, ${kb(p.pageBytes)}), ${p.connections} connections`,
    table([
      ["served as", "req/s", "p50 ms", "p99 ms", "errors", "app+worker CPU ms/1k req", "nginx", "postgres"],
      row("cached by nginx", p.cached),
      row("uncached (cookie)", p.uncached),
      row("static file (ceiling)", p.ceiling),
    ]),
    `   cached ${(p.cachedRatio * 100).toFixed(0)}% of the ceiling, uncached ${(p.uncachedRatio * 100).toFixed(0)}%` +
      ` (X-Cache-Status: ${Object.entries(p.cacheStatus)
        .map(([when, status]) => `${when} ${status}`)
        .join(", ")})`,
  ];
}

function rushCpuByProcess(r: Results) {
  if (!r.rush.some((level) => level.cpuMsPerFlow)) return [];
  return [
    "   CPU per flow by process (ms): apps = every instance's process tree; postgres = this database's connections, and the server's shared processes",
    table([
      ["signers", "apps", "worker", "nginx", "postgres", "postgres shared", "driver"],
      ...r.rush.map((level) => [
        String(level.concurrency),
        String(level.cpuMsPerFlow?.apps ?? "-"),
        String(level.cpuMsPerFlow?.worker ?? "-"),
        String(level.cpuMsPerFlow?.nginx ?? "-"),
        String(level.cpuMsPerFlow?.postgresOurs ?? "-"),
        String(level.cpuMsPerFlow?.postgresShared ?? "-"),
        String(level.driverCpuMsPerFlow ?? "-"),
      ]),
    ]).replace(/^/gm, "   "),
  ];
}

function signingRush(r: Results) {
  if (r.rush.length === 0) return [];
  const best = r.rush.reduce((a, b) => (b.flowsPerSecond > a.flowsPerSecond ? b : a), r.rush[0]!);
  const rushClean = r.rush.every((level) => level.errors === 0 && level.countChecked);
  return [
    "2. Signing rush (request code → mail → submit code → sign)",
    table([
      [
        "signers",
        "flows/s",
        "× UK record",
        "p50 flow",
        "p99 flow",
        "p99 request",
        "p99 mail",
        "p99 code",
        "p99 sign",
        "errors",
        "count",
        "server CPU/flow",
        "driver CPU/flow",
      ],
      ...r.rush.map((level) => [
        String(level.concurrency),
        String(level.flowsPerSecond),
        `${(level.flowsPerSecond / UK_RECORD_PER_SECOND).toFixed(1)}×`,
        `${level.p50FlowMs} ms`,
        `${level.p99FlowMs} ms`,
        `${level.p99StepMs.requestCode} ms`,
        `${level.p99StepMs.mailArrives} ms`,
        `${level.p99StepMs.submitCode} ms`,
        `${level.p99StepMs.sign} ms`,
        String(level.errors),
        level.countChecked ? "ok" : "WRONG",
        `${level.serverCpuMsPerFlow} ms`,
        level.driverCpuMsPerFlow === undefined ? "-" : `${level.driverCpuMsPerFlow} ms`,
      ]),
    ]),
    `   best ${best.flowsPerSecond} flows/s = ${(best.flowsPerSecond / UK_RECORD_PER_SECOND).toFixed(1)}× the UK record of ${UK_RECORD_PER_SECOND}/s` +
      ` (target ≥ 165/s${r.database === "sqlite" ? "" : " on SQLite"}: ${verdict(best.flowsPerSecond >= 165)}; no errors, counts right: ${verdict(rushClean)})`,
    ...r.rush.flatMap((level) => level.errorSamples.map((sample) => `   error at ${level.concurrency}: ${sample}`)),
  ];
}

function reveal(r: Results) {
  if (r.reveal.length === 0) return [];
  const reveal100k = r.reveal.find((x) => x.sealedBefore >= 100_000);
  return [
    "3. Reveal: from the crossing signature to names readable by the organizer",
    table([
      ["sealed before", "crossing sign", "names readable", "dashboard request"],
      ...r.reveal.map((x) => [
        x.sealedBefore.toLocaleString("en"),
        `${x.crossingSignMs} ms`,
        `${x.namesReadableMs} ms`,
        `${x.dashboardMs} ms`,
      ]),
    ]),
    reveal100k
      ? `   at 100,000: ${(reveal100k.namesReadableMs / 1000).toFixed(2)} s (target < 5 s: ${verdict(reveal100k.namesReadableMs < 5000)})`
      : "   (no 100,000 run)",
  ];
}

function exportsOf(r: Results) {
  if (!r.exports) return [];
  return [
    "4. Exports of the published letter (generated on first request, then stored)",
    table([
      ["format", "first request", "size", "again"],
      ...r.exports.map((x) => [x.format, `${x.firstMs} ms`, kb(x.bytes), `${x.againMs} ms`]),
    ]),
    `   slowest ${Math.max(...r.exports.map((x) => x.firstMs))} ms (target < 2 s each: ${verdict(r.exports.every((x) => x.firstMs < 2000))})`,
  ];
}

function memory(r: Results) {
  return [
    r.cluster
      ? // The target is one server's; a cluster's is the sum of its processes, printed for the record.
        `5. Peak resident memory of the ${r.cluster.instances} instance(s) and the worker together: ${mb(r.memory.peakBytes)} (nginx and PostgreSQL not included)`
      : `5. Peak resident memory of the server: ${mb(r.memory.peakBytes)} (target < 300 MB: ${verdict(r.memory.peakBytes < 300 * 2 ** 20)})`,
    ...(r.memory.processes
      ? [
          `   ${r.memory.processes} processes, proportional set size summed (shared pages once); plain sum of their resident sets ${mb(r.memory.peakRssSumBytes ?? 0)}`,
        ]
      : []),
    `   by phase: ${Object.entries(r.memory.peakByPhase)
      .map(([phase, bytes]) => `${phase} ${mb(bytes)}`)
      .join(", ")}`,
  ];
}
