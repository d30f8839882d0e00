// The benchmark's cluster mode (--instances N): the deployment recipe as
// tests/cluster brings it up (nginx with the recipe's site file in front of N app
// instances with RUN_JOBS=false, and the worker in its own process), started from
// the bench's own seeded database and secrets. Differences from tests/cluster, and
// why: no SMTP server, mail goes to the local mailbox folders the driver already
// watches (no SMTP server in the driver's process, whose CPU is the signers'): each
// instance sends the codes it makes from memory into its DATA_DIR (decision 009),
// the worker the outbox's mail (receipts…) into the bench's folder; nginx's main
// file also serves one static file on a port of its own, the ceiling for the
// public page, so the recipe's site is left exactly as written.
import fs from "node:fs";
import path from "node:path";
import { freePort, spawnNode } from "../tests/support/app-process";
import { startRecipeNginx } from "../tests/support/recipe-nginx";
import { startApp } from "./processes";

export const STATIC_PAGE = "/public-page.html";

export async function clusterPorts(instances: number) {
  // All at once, so no two probes can hand out the same port.
  const ports = await Promise.all(Array.from({ length: instances + 3 }, () => freePort()));
  return { httpsPort: ports[0]!, httpPort: ports[1]!, staticPort: ports[2]!, appPorts: ports.slice(3) };
}

async function workerStarted(output: () => string, exited: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (!output().includes("worker running")) {
    if (exited()) throw new Error(`the worker exited during start-up:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the worker did not start within 60 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts the instances, the worker and nginx. `env`: what every process shares
 * (deploy/env.example: APP_URL, DATABASE_URL, the secrets…); the worker's DATA_DIR
 * is `workDir`, whose mailbox folder the driver watches.
 */
export async function startBenchCluster({
  ports,
  env,
  workDir,
}: {
  ports: Awaited<ReturnType<typeof clusterPorts>>;
  env: Record<string, string>;
  workDir: string;
}) {
  const stopAll: (() => Promise<unknown>)[] = [];
  const stop = () => Promise.all(stopAll.map((s) => s().catch(() => undefined)));
  try {
    const dataDirs = ports.appPorts.map((_, i) => path.join(workDir, `instance-${i + 1}`));
    const apps = await Promise.all(
      ports.appPorts.map((port, i) => {
        fs.mkdirSync(dataDirs[i]!, { mode: 0o700 });
        return startApp(
          { ...env, PORT: String(port), RUN_JOBS: "false", DATA_DIR: dataDirs[i]!, WEB_PROCESSES: "1" },
          path.join(workDir, `instance-${i + 1}.log`),
        );
      }),
    );
    stopAll.push(...apps.map((app) => app.stop));

    // `npm run worker`, as the recipe's unit runs it (tsx).
    const worker = spawnNode([path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/worker.ts"], {
      env: { NODE_ENV: "production", MALLOC_ARENA_MAX: "2", HOST: "127.0.0.1", ...env, DATA_DIR: workDir },
      output: { file: path.join(workDir, "worker.log") },
    });
    stopAll.push(worker.stop);
    await workerStarted(worker.output, () => worker.child.exitCode !== null);

    const staticDir = path.join(workDir, "static");
    fs.mkdirSync(staticDir);
    const nginxDir = path.join(workDir, "nginx");
    fs.mkdirSync(nginxDir);
    const proxy = await startRecipeNginx({
      dir: nginxDir,
      appPorts: ports.appPorts,
      httpsPort: ports.httpsPort,
      httpPort: ports.httpPort,
      // The ceiling: the same nginx, TLS and log line, serving the page's bytes from disk.
      extraHttp: (tls) => [
        "server {",
        `  listen ${ports.staticPort} ssl http2;`,
        "  server_name localhost;",
        `  ssl_certificate ${tls.cert}; ssl_certificate_key ${tls.key};`,
        "  ssl_protocols TLSv1.2 TLSv1.3; ssl_prefer_server_ciphers off; ssl_session_tickets off;",
        `  access_log ${path.join(nginxDir, "static-access.log")} undersigned_private;`,
        `  location = ${STATIC_PAGE} { root ${staticDir}; }`,
        "}",
      ],
    });
    stopAll.push(proxy.stop);
    return {
      url: proxy.url,
      staticUrl: `https://localhost:${ports.staticPort}${STATIC_PAGE}`,
      staticFile: path.join(staticDir, STATIC_PAGE.slice(1)),
      certificate: proxy.certificate,
      /** Each instance's DATA_DIR: the codes it sends land in its mailbox folder. */
      dataDirs,
      pids: { apps: apps.map((app) => app.child.pid!), worker: worker.child.pid!, nginx: proxy.pid },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
