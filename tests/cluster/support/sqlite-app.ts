// One machine on SQLite, as the README's quick start runs it in production:
// `node server.js` (its supervisor and one web process) with its DATA_DIR and SQLite
// file in a folder of the test's choosing, mailing through a real SMTP server. It can
// be started again on the same folder, as an operator would after a crash.
import fs from "node:fs";
import path from "node:path";
import { freePort, type NodeProcess, spawnNode, waitUntilServing } from "../../support/app-process";
import type { Received } from "../../support/smtp";
import type { SmallDisk } from "./small-disk";

export type SqliteApp = {
  url: string;
  /** The `file:` URL of its SQLite file, as the app sees it: read it with readSqlite and `wrapper`. */
  databaseUrl: string;
  /** What runs a process where the app's files are (tests/cluster/support/small-disk.ts). */
  wrapper: string[];
  /** Its DATA_DIR, as this process reaches it. */
  dataDir: string;
  process: NodeProcess;
  smtp: { received: Received[] };
};

/**
 * Starts the app on `folder` (DATA_DIR = folder/data, the SQLite file folder/app.db)
 * and waits for /healthz; on `disk` (tests/cluster/support/small-disk.ts), inside
 * whatever it needs.
 */
export async function startSqliteApp(
  folder: string,
  smtp: { url: string; received: Received[] },
  { port, disk }: { port?: number; disk?: SmallDisk } = {},
): Promise<SqliteApp> {
  if (!fs.existsSync("build/server/index.js")) throw new Error("no production build: run `npm run build` first");
  const seen = disk?.seen ?? ((appPath: string) => appPath);
  const dataDir = path.join(folder, "data");
  fs.mkdirSync(seen(dataDir), { recursive: true, mode: 0o700 });
  const listenOn = port ?? (await freePort());
  const url = `http://127.0.0.1:${listenOn}`;
  const file = path.join(folder, "app.db");
  const proc = spawnNode(["server.js"], {
    wrapper: disk?.wrapper,
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(listenOn),
      APP_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${file}`,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Undersigned <no-reply@sqlite.test>",
      // A web process that dies is replaced quickly: a crash loop would show within the test.
      RESTART_DELAY_MS: "200",
    },
  });
  await waitUntilServing(proc, `${url}/healthz`);
  return { url, databaseUrl: `file:${file}`, wrapper: disk?.wrapper ?? [], dataDir: seen(dataDir), process: proc, smtp };
}
