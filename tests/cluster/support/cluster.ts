// The deployment recipe (deploy/) brought up for real, as an operator would: a
// throwaway TLS certificate, one PostgreSQL database, N app instances on loopback
// ports (`node server.js`, RUN_JOBS=false), the worker in its own process
// (`npm run worker`), a real SMTP server, and Debian's nginx running the site file
// that deploy/render.mjs renders from the recipe's template (tests/support/recipe-nginx.ts,
// shared with the benchmark's cluster mode). Only ports and paths differ from
// production; the nginx directives are the recipe's own.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, type NodeProcess, spawnNode, waitUntilServing } from "../../support/app-process";
import { startRecipeNginx } from "../../support/recipe-nginx";
import { startSmtpServer } from "../../support/smtp";
import { freshPostgresDatabase } from "../../e2e/support/postgres";
import { type ThrowawayPostgres, startThrowawayPostgres } from "../../support/throwaway-postgres";

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/**
 * `ownPostgres`: a PostgreSQL server of this cluster's own (initdb), which a test may
 * stop and start; otherwise a fresh database on the machine's server.
 */
export async function startCluster({
  instances = 2,
  workers = 1,
  ownPostgres = false,
}: { instances?: number; workers?: number; ownPostgres?: boolean } = {}) {
  if (!fs.existsSync("build/server/index.js")) throw new Error("no production build: run `npm run build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-cluster-"));
  let postgres: ThrowawayPostgres | undefined;
  if (ownPostgres) postgres = await startThrowawayPostgres();
  const database = postgres ? { url: postgres.url, drop: async () => postgres.destroy() } : await freshPostgresDatabase();
  let smtp = await startSmtpServer();
  let smtpRunning = true;
  const ports = await Promise.all(Array.from({ length: instances + 2 }, () => freePort()));
  const [httpsPort, httpPort] = [ports[0]!, ports[1]!];
  const appPorts = ports.slice(2);
  const url = `https://localhost:${httpsPort}`;

  // Shared by every process through the environment (deploy/env.example); each
  // instance has a DATA_DIR of its own, so nothing is shared through a disk.
  const shared = {
    NODE_ENV: "production",
    MALLOC_ARENA_MAX: "2",
    APP_URL: url,
    DATABASE_URL: database.url,
    HASH_SECRET: crypto.randomBytes(32).toString("base64"),
    KEY_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    SMTP_URL: smtp.url,
    MAIL_FROM: "Undersigned <no-reply@cluster.test>",
    TRUST_PROXY_HOPS: "1",
    TRUSTED_PROXIES: "loopback",
    WEB_PROCESSES: "1",
  };
  const dataDir = (name: string) => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder, { mode: 0o700 });
    return folder;
  };

  // Every instance at once: the migrations must run once (decision 001's lock).
  const apps: { port: number; process: NodeProcess }[] = appPorts.map((port, i) => ({
    port,
    process: spawnNode(["server.js"], {
      env: { ...shared, HOST: "127.0.0.1", PORT: String(port), RUN_JOBS: "false", DATA_DIR: dataDir(`instance-${i + 1}`) },
    }),
  }));
  const stopAll: (() => Promise<unknown>)[] = [];
  try {
    await Promise.all(apps.map((app) => waitUntilServing(app.process, `http://127.0.0.1:${app.port}/healthz`)));
    stopAll.push(...apps.map((app) => app.process.stop));

    // `npm run worker`, as the unit runs it (tsx), once per worker asked for.
    const workerProcesses: NodeProcess[] = [];
    const startWorker = () => {
      const worker = spawnNode([path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/worker.ts"], {
        env: { ...shared, DATA_DIR: dataDir(`worker-${workerProcesses.length + 1}`) },
      });
      workerProcesses.push(worker);
      stopAll.push(worker.stop);
      return worker;
    };
    for (let i = 0; i < workers; i++) startWorker();

    const proxy = await startRecipeNginx({ dir, appPorts, httpsPort, httpPort });
    stopAll.push(proxy.stop);

    return {
      url,
      httpUrl: `http://localhost:${httpPort}`,
      certificate: proxy.certificate,
      apps,
      workers: workerProcesses,
      /** One more worker, as another host's `npm run worker` would be (added to `workers`). */
      startWorker,
      get smtp() {
        return smtp;
      },
      /** The mail server goes away (connections refused on its port)… */
      async stopSmtp() {
        await smtp.close();
        smtpRunning = false;
      },
      /** …and comes back on the same port, keeping what it had received. */
      async startSmtp() {
        smtp = await startSmtpServer(smtp.port, smtp.received);
        smtpRunning = true;
      },
      databaseUrl: database.url,
      /** The cluster's own PostgreSQL server (ownPostgres), to stop and start. */
      postgres,
      dir,
      accessLog: proxy.accessLog,
      stop: async () => {
        await Promise.all(stopAll.map((stop) => stop()));
        if (smtpRunning) await smtp.close();
        await database.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const app of apps) app.process.child.kill("SIGKILL");
    await Promise.all(stopAll.map((stop) => stop().catch(() => undefined)));
    await smtp.close();
    await database.drop();
    throw error;
  }
}
