// nginx running the deployment recipe's site file (deploy/render.mjs renders the
// template) in front of app instances already listening on loopback ports: a
// throwaway TLS certificate, a main nginx.conf cut to what a run needs (its own pid
// and temp paths, in the foreground), and Debian's nginx. The cluster tests
// (tests/cluster) and the benchmark's cluster mode (bench/cluster.ts) both bring the
// proxy up through here, so both run the recipe's own directives.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { renderSite } from "../../deploy/render.mjs";

export type RecipeNginx = Awaited<ReturnType<typeof startRecipeNginx>>;

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
 * Starts nginx with the recipe's site for `appPorts` on `httpsPort` and `httpPort`
 * (chosen by the caller: the apps' APP_URL names the HTTPS one), its files in `dir`
 * (which must exist). `extraHttp`: lines for the main file's http {} block beside the recipe's
 * site (the benchmark's static-file ceiling), given the TLS files; never in the site.
 */
export async function startRecipeNginx({
  dir,
  appPorts,
  httpsPort,
  httpPort,
  extraHttp = () => [],
}: {
  dir: string;
  appPorts: number[];
  httpsPort: number;
  httpPort: number;
  extraHttp?: (tls: { cert: string; key: string }) => string[];
}) {
  const nginx = nginxBinary();
  const tls = throwawayCertificate(dir);
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
  // The main file a Debian host already has, cut to what a run needs: its own
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
      ...extraHttp(tls).map((line) => `  ${line}`),
      "}",
    ].join("\n"),
  );
  let output = "";
  const proxy = spawn(nginx, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  proxy.stdout.on("data", (c: Buffer) => (output += c.toString()));
  proxy.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => proxy.once("exit", () => resolve()));
  const stop = async () => {
    if (proxy.exitCode === null && proxy.signalCode === null) proxy.kill("SIGQUIT");
    await exited;
  };
  try {
    await waitForPort(httpsPort, "nginx", proxy, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `https://localhost:${httpsPort}`,
    httpUrl: `http://localhost:${httpPort}`,
    httpsPort,
    certificate: fs.readFileSync(tls.cert, "utf8"),
    /** nginx's master process (its workers are its children). */
    pid: proxy.pid!,
    accessLog: () => fs.readFileSync(path.join(dir, "nginx-access.log"), "utf8"),
    stop,
  };
}
