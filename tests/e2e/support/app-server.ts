import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, runNodeExpectingExit, spawnNode, waitUntilServing } from "../../support/app-process";
import { rememberDataDir } from "./mailbox";

export { freePort };

export type AppServer = {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
};

/** Runs `node server.js` (production build) on a free port with its own data folder and SQLite file. */
export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  if (!fs.existsSync("build/server/index.js")) throw new Error("no production build: run `npm run build` first");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnNode(["server.js"], {
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "app.db")}`,
      ...env,
    },
  });
  await waitUntilServing(server, `${url}/healthz`);
  rememberDataDir(url, dataDir);
  return {
    url,
    dataDir,
    process: server.child,
    output: server.output,
    stop: async () => {
      const code = await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs server.js expecting it to stop by itself; returns its exit code and output. */
export async function runServerExpectingExit(env: Record<string, string>) {
  return runNodeExpectingExit(["server.js"], { NODE_ENV: "production", ...env });
}
