// npm run bench [-- --db postgres] [--no-build] [--signatories 10000] [--reveal 10000,100000]
//               [--levels 8,16,32,64,128,256] [--seconds 10] [--phases public,exports,reveal,trustees,rush]
//               [--profile <dir>] (a CPU profile of the server) [--out bench/results.json]
//               [--instances N] (the deployment recipe: nginx, N instances, the worker; PostgreSQL only)
// Builds and starts the production server, seeds through the app's domain
// functions, drives load from this (separate) process, prints a table and
// writes bench/results.json. See docs/performance.md.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { memoryOf, cpuMsOf, freePort, startApp } from "./processes";
import { clusterPorts, startBenchCluster } from "./cluster";
import { type CpuSpent, cpuSpent, readCpu } from "./cpu-groups";
import { watchMailbox } from "./mailbox";
import { type LoadFigures, measurePublicPage, measurePublicPageThroughProxy } from "./public-page";
import { measureExports, measureReveal } from "./reveal-and-exports";
import { type RushFigures, rush } from "./signing-rush";
import { printResults } from "./report";
import { measureTrusteeRelease, seedTrusteeLetter, type TrusteeLetter, type TrusteeReleaseFigures } from "./trustee-release";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    "no-build": { type: "boolean", default: false },
    signatories: { type: "string", default: "10000" },
    reveal: { type: "string", default: "10000,100000" },
    levels: { type: "string", default: "8,16,32,64,128,256" },
    seconds: { type: "string", default: "10" },
    out: { type: "string", default: "bench/results.json" },
    profile: { type: "string" },
    phases: { type: "string", default: "public,exports,reveal,trustees,rush" },
    instances: { type: "string" },
  },
});
if (args.db !== "sqlite" && args.db !== "postgres") throw new Error("--db is sqlite or postgres");
// --instances N, even 1: the recipe's cluster, every request through nginx over HTTPS.
// Without it, the single server measured directly, as before.
const INSTANCES = args.instances === undefined ? undefined : Number(args.instances);
if (INSTANCES !== undefined) {
  if (!Number.isInteger(INSTANCES) || INSTANCES < 1) throw new Error("--instances is a whole number ≥ 1");
  if (args.db !== "postgres") throw new Error("--instances needs --db postgres (instances share one database; SQLite is one machine's)");
  const unsupported = args.phases.split(",").filter((phase) => phase !== "public" && phase !== "rush");
  if (unsupported.length > 0) throw new Error(`--instances measures the phases public and rush only, not ${unsupported.join(", ")}`);
  if (args.profile) throw new Error("--profile profiles the single server only");
}
const numbers = (list: string) => list.split(",").filter(Boolean).map(Number);
const SIGNATORIES = Number(args.signatories);
const REVEAL_SIZES = numbers(args.reveal);
const LEVELS = numbers(args.levels);
const SECONDS = Number(args.seconds);
const PHASES = new Set(args.phases.split(","));

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

if (!args["no-build"]) {
  say("building the production server (npm run build)");
  const built = spawnSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (built.status !== 0) throw new Error("npm run build failed");
}

// One data folder for the seeding (this process) and the server: same secrets, same mailbox.
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-bench-"));
const port = await freePort();
const ports = INSTANCES === undefined ? undefined : await clusterPorts(INSTANCES);
// The cluster is reached through nginx only, at the address its certificate names.
const appUrl = ports ? `https://localhost:${ports.httpsPort}` : `http://127.0.0.1:${port}`;
let databaseUrl = `file:${path.join(workDir, "app.db")}`;
let dropDatabase = async () => {};
if (args.db === "postgres") {
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `undersigned_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
const serverEnv = {
  PORT: String(port),
  APP_URL: appUrl,
  DATA_DIR: workDir,
  DATABASE_URL: databaseUrl,
  // As behind a reverse proxy: each virtual signer comes from its own network
  // address, so per-network limits apply to them as to real signers.
  TRUST_PROXY_HOPS: "1",
  // The cluster's processes share their secrets through the environment
  // (deploy/env.example), and so does the seeding here.
  ...(ports
    ? {
        TRUSTED_PROXIES: "loopback",
        HASH_SECRET: crypto.randomBytes(32).toString("base64"),
        KEY_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
      }
    : {}),
};
// The seeding (this process only) puts 100,000 signatures on one letter within
// minutes, far past the per-letter hourly code limit a real rush is held to.
Object.assign(process.env, serverEnv, { SIGNING_CODES_PER_LETTER_PER_HOUR: "1000000", LOG_LEVEL: "warn" });
if (args.db === "postgres") {
  // Seeding only (the server keeps PostgreSQL's defaults): without waiting for each
  // commit to reach the disk, seeding 120,000 signatures takes minutes, not an hour.
  const seedingUrl = new URL(databaseUrl);
  seedingUrl.searchParams.set("options", "-c synchronous_commit=off");
  process.env.DATABASE_URL = seedingUrl.toString();
}

const { migrate } = await import("~/db/migrate.server");
const { db, disconnectDb } = await import("~/db/client.server");
const seed = await import("./seed");

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  // A busy machine (another job, a browser test) lowers every figure: recorded to tell.
  loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
  database: args.db,
  ...(INSTANCES === undefined
    ? {}
    : {
        cluster: {
          instances: INSTANCES,
          proxy: "nginx, the recipe's site file (deploy/), HTTPS",
          worker: "own process, to the local mailbox folder",
        },
      }),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
};
const figures = {} as {
  seeding: { signatures: number; seconds: number };
  publicPage: Awaited<ReturnType<typeof measurePublicPage>>;
  publicPageThroughProxy: Awaited<ReturnType<typeof measurePublicPageThroughProxy<{ cpuMs: CpuSpent }>>>;
  exports: Awaited<ReturnType<typeof measureExports>>;
  reveal: Awaited<ReturnType<typeof measureReveal>>[];
  trusteeRelease: TrusteeReleaseFigures[];
  rush: (RushFigures & {
    countChecked: boolean;
    serverCpuMsPerFlow: number;
    driverCpuMsPerFlow: number;
    /** The cluster mode: CPU per flow by process group (serverCpuMsPerFlow is apps + worker). */
    cpuMsPerFlow?: Record<keyof CpuSpent, number>;
  })[];
  memory: { peakBytes: number; peakRssSumBytes: number; processes: number; peakByPhase: Record<string, number> };
};

let server: Awaited<ReturnType<typeof startApp>> | undefined;
let cluster: Awaited<ReturnType<typeof startBenchCluster>> | undefined;
try {
  await migrate(process.env.DATABASE_URL!);
  const seedStarted = performance.now();
  let seeded = 0;
  const { user: organizer, sessionToken } = await seed.seedOrganizer("organizer@personal-mail.example");
  say(`seeding a published letter with ${SIGNATORIES.toLocaleString("en")} signatories`);
  const published = await seed.seedPublishedLetter(organizer, SIGNATORIES, { say });
  seeded += SIGNATORIES;
  const revealLetters: { size: number; letter: { id: string; path: string } }[] = [];
  for (const size of PHASES.has("reveal") ? REVEAL_SIZES : []) {
    say(`seeding a letter with ${size.toLocaleString("en")} sealed signatures, threshold ${(size + 1).toLocaleString("en")}`);
    const letter = await seed.seedOpenLetter(organizer, `Reveal at ${size}`, size + 1);
    await seed.seedSignatures(letter.id, `reveal${size}`, size, { say });
    seeded += size;
    revealLetters.push({ size, letter });
  }
  // The trustees' release (issue 15) at the same sizes: 10,000 and, with --reveal 100000, 100,000.
  const trusteeLetters: TrusteeLetter[] = [];
  for (const size of PHASES.has("trustees") ? REVEAL_SIZES : []) {
    say(`seeding a letter waiting for its trustees, with ${size.toLocaleString("en")} trustee-sealed signatures`);
    trusteeLetters.push(await seedTrusteeLetter(organizer, size, say));
    seeded += size;
  }
  const rushLetters: { id: string; path: string }[] = [];
  for (const level of LEVELS) rushLetters.push(await seed.seedOpenLetter(organizer, `Rush at ${level}`, 1_000_000));
  // The seeded signers stand for days of signing: their hourly rate-limit counts
  // (100,000 codes for one letter) must not hold back the measured rush, which
  // meets the production limits afresh.
  await db().rateLimitCounter.deleteMany();
  figures.seeding = { signatures: seeded, seconds: Math.round((performance.now() - seedStarted) / 1000) };
  say(`seeded ${seeded.toLocaleString("en")} signatures in ${figures.seeding.seconds} s`);
  await disconnectDb();

  if (ports) {
    say(`starting ${INSTANCES} instance(s), the worker and nginx (the deploy/ recipe)`);
    cluster = await startBenchCluster({ ports, env: serverEnv, workDir });
  } else server = await startApp(serverEnv, path.join(workDir, "server.log"), { profileDir: args.profile });
  // The server: the single one's process tree, or every instance's and the worker's.
  const serverPids = cluster ? [...cluster.pids.apps, cluster.pids.worker] : [server!.child.pid!];
  const cpuGroups = cluster && { ...cluster.pids, database: new URL(databaseUrl).pathname.slice(1) };
  // The server's memory over its process tree (supervisor and web processes),
  // sampled every 100 ms: the peak of the sum (the kernel keeps a high-water mark
  // per process only, and those peaks need not fall at the same moment).
  const peakByPhase: Record<string, number> = {};
  let peak = { pss: 0, rss: 0, processes: 0 };
  let phase = "start";
  const sampler = setInterval(() => {
    const now = serverPids
      .map(memoryOf)
      .reduce((a, b) => ({ pss: a.pss + b.pss, rss: a.rss + b.rss, processes: a.processes + b.processes }));
    peakByPhase[phase] = Math.max(peakByPhase[phase] ?? 0, now.pss);
    if (now.pss > peak.pss) peak = now;
  }, 100);
  const enter = (name: string) => {
    phase = name;
    say(name);
  };
  // A phase that fails is reported as failed; the others still run and print.
  const failures: Record<string, string> = {};
  const attempt = async (name: string, work: () => Promise<void>) => {
    enter(name);
    try {
      await work();
    } catch (error) {
      failures[name] = error instanceof Error ? error.message : String(error);
      say(`  FAILED: ${failures[name]}`);
    }
  };

  if (PHASES.has("public") && cluster && cpuGroups) {
    const through = cluster;
    await attempt("public page through nginx", async () => {
      figures.publicPageThroughProxy = await measurePublicPageThroughProxy({
        pageUrl: `${appUrl}/letters/${published.publicSlug}`,
        staticUrl: through.staticUrl,
        staticFile: through.staticFile,
        certificate: through.certificate,
        measured: async (work: () => Promise<LoadFigures>) => {
          const before = readCpu(cpuGroups);
          const load = await work();
          return { ...load, cpuMs: cpuSpent(before, readCpu(cpuGroups)) };
        },
      });
    });
  } else if (PHASES.has("public")) {
    await attempt("public page", async () => {
      figures.publicPage = await measurePublicPage(`${appUrl}/letters/${published.publicSlug}`, workDir);
    });
  }
  if (PHASES.has("exports")) {
    await attempt("exports", async () => {
      figures.exports = await measureExports(appUrl, published.publicSlug);
    });
  }

  const mailbox = watchMailbox([workDir, ...(cluster?.dataDirs ?? [])].map((dir) => path.join(dir, "mailbox")));
  figures.reveal = [];
  for (const { size, letter } of PHASES.has("reveal") ? revealLetters : []) {
    await attempt(`reveal at ${size.toLocaleString("en")}`, async () => {
      figures.reveal.push(
        await measureReveal({
          appUrl,
          letter,
          sealedBefore: size,
          prefix: `reveal${size}`,
          organizerSession: sessionToken,
          mailbox,
          knownName: `Signer reveal${size} 0`,
        }),
      );
    });
  }

  figures.trusteeRelease = [];
  for (const letter of trusteeLetters) {
    await attempt(`trustees' release at ${letter.size.toLocaleString("en")}`, async () => {
      figures.trusteeRelease.push(await measureTrusteeRelease(appUrl, letter, say));
    });
  }

  figures.rush = [];
  let best = 0;
  if (PHASES.has("rush")) {
    await attempt("signing rush", async () => {
      for (const [i, level] of LEVELS.entries()) {
        const letter = rushLetters[i]!;
        const cpuBefore = serverPids.reduce((sum, p) => sum + cpuMsOf(p), 0);
        const groupsBefore = cpuGroups && readCpu(cpuGroups);
        const driverBefore = process.cpuUsage();
        const result = await rush({
          appUrl,
          letterPath: letter.path,
          prefix: `rush${level}`,
          concurrency: level,
          seconds: SECONDS,
          mailbox,
          firstSigner: 0,
          proxyCertificate: cluster?.certificate,
        });
        const cpuMs = serverPids.reduce((sum, p) => sum + cpuMsOf(p), 0) - cpuBefore;
        const groups = cpuGroups && groupsBefore && cpuSpent(groupsBefore, readCpu(cpuGroups));
        const driver = process.cpuUsage(driverBefore);
        const driverCpuMs = (driver.user + driver.system) / 1000;
        // Every receipt handed out is one stored signature, and the letter's counter agrees.
        const [stored, counter] = await Promise.all([
          db().signature.count({ where: { letterId: letter.id } }),
          db().letter.findUniqueOrThrow({ where: { id: letter.id }, select: { signatureCount: true } }),
        ]);
        const { receipts, ...shown } = result;
        const countChecked = stored === receipts && counter.signatureCount === receipts;
        const perFlow = (ms: number) => Math.round((ms / Math.max(1, receipts)) * 10) / 10;
        figures.rush.push({
          ...shown,
          countChecked,
          serverCpuMsPerFlow: Math.round((cpuMs / Math.max(1, receipts)) * 10) / 10,
          // The load driver shares the machine: what it spends is what the server cannot.
          driverCpuMsPerFlow: Math.round((driverCpuMs / Math.max(1, receipts)) * 10) / 10,
          ...(groups
            ? {
                cpuMsPerFlow: Object.fromEntries(Object.entries(groups).map(([name, ms]) => [name, perFlow(ms)])) as Record<
                  keyof CpuSpent,
                  number
                >,
              }
            : {}),
        });
        say(
          `  ${level} signers at once: ${result.flowsPerSecond} flows/s, ${result.errors} errors, count ${countChecked ? "checked" : `WRONG (${stored}/${counter.signatureCount} for ${receipts} receipts)`}`,
        );
        if (result.flowsPerSecond < best * 1.05) break; // throughput stopped rising
        best = Math.max(best, result.flowsPerSecond);
      }
    });
  }
  mailbox.close();
  clearInterval(sampler);
  figures.memory = { peakBytes: peak.pss, peakRssSumBytes: peak.rss, processes: peak.processes, peakByPhase };
  results.loadAverageAtEnd = os.loadavg().map((load) => Math.round(load * 100) / 100);
  results.failures = failures;
  Object.assign(results, figures);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  printResults(results as never);
  say(`results written to ${args.out}`);
} finally {
  await server?.stop();
  await cluster?.stop();
  await disconnectDb();
  await dropDatabase();
  fs.rmSync(workDir, { recursive: true, force: true });
}
