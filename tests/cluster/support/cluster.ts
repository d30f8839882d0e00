// The deployment recipe (deploy/) brought up for real, as an operator would: a
// throwaway TLS certificate, one PostgreSQL database, N app instances on loopback
// ports (`node server.js`, RUN_JOBS=false), the worker in its own process
// (`npm run worker`), a real SMTP server, and Debian's nginx running the site file
// that deploy/render.mjs renders from the recipe's template. Only ports and paths
// differ from production; the nginx directives are the recipe's own.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, type NodeProcess, spawnNode, waitUntilServing } from "../../support/app-process";
import { startSmtpServer } from "../../support/smtp";
import { freshPostgresDatabase } from "../../e2e/support/postgres";
import { type ThrowawayPostgres, startThrowawayPostgres } from "../../support/throwaway-postgres";
import { renderSite } from "../../../deploy/render.mjs";

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

function nginxBinary() {
  const found = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
  if (!found) throw new Error("nginx not found: run `bash scripts/ci/ensure-system.sh` (installs Debian's nginx)");
  return found;
}

/** A self-signed certificate for localhost and 127.0.0.1, valid for a day. */
function throwawayCertificate(dir: string) {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"]
      .concat(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
      .concat(["-keyout", key, "-out", cert]),
    { stdio: "ignore" },
  );
  return { cert, key };
}

/** Waits until `port` on loopback accepts connections. */
async function waitForPort(port: number, what: string, proc: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${what} exited (${proc.exitCode}):\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new net.Socket();
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} not listening on ${port} within 30 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

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
  const nginx = nginxBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-cluster-"));
  const tls = throwawayCertificate(dir);
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

    const site = renderSite({
      SERVER_NAME: "localhost",
      APP_PORTS: appPorts.join(","),
      HTTP_PORT: String(httpPort),
      HTTPS_PORT: String(httpsPort),
      TLS_CERTIFICATE: tls.cert,
      TLS_CERTIFICATE_KEY: tls.key,
      CACHE_DIR: path.join(dir, "nginx-cache"),
      ACCESS_LOG: path.join(dir, "nginx-access.log"),
      ERROR_LOG: path.join(dir, "nginx-error.log"),
    }) as string;
    fs.writeFileSync(path.join(dir, "site.conf"), site);
    // The main file a Debian host already has, cut to what a test needs: its own
    // pid and temp paths, in the foreground; the site file is the recipe's.
    const temp = path.join(dir, "nginx-temp");
    fs.mkdirSync(temp);
    fs.writeFileSync(
      path.join(dir, "nginx.conf"),
      [
        process.getuid?.() === 0 ? "user root;" : "",
        "worker_processes 1;",
        `pid ${path.join(dir, "nginx.pid")};`,
        `error_log ${path.join(dir, "nginx-main-error.log")} warn;`,
        "events { worker_connections 1024; }",
        "http {",
        "  include /etc/nginx/mime.types;",
        `  client_body_temp_path ${temp}/body; proxy_temp_path ${temp}/proxy;`,
        `  fastcgi_temp_path ${temp}/fastcgi; uwsgi_temp_path ${temp}/uwsgi; scgi_temp_path ${temp}/scgi;`,
        `  include ${path.join(dir, "site.conf")};`,
        "}",
      ].join("\n"),
    );
    let nginxOutput = "";
    const proxy = spawn(nginx, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
    proxy.stdout.on("data", (c: Buffer) => (nginxOutput += c.toString()));
    proxy.stderr.on("data", (c: Buffer) => (nginxOutput += c.toString()));
    const proxyExited = new Promise<void>((resolve) => proxy.once("exit", () => resolve()));
    stopAll.push(async () => {
      if (proxy.exitCode === null) proxy.kill("SIGQUIT");
      await proxyExited;
    });
    await waitForPort(httpsPort, "nginx", proxy, () => nginxOutput);

    return {
      url,
      httpUrl: `http://localhost:${httpPort}`,
      certificate: fs.readFileSync(tls.cert, "utf8"),
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
      accessLog: () => fs.readFileSync(path.join(dir, "nginx-access.log"), "utf8"),
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
