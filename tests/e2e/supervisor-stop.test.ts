// SIGTERM to the production server (server/supervisor.js with one or two web processes):
// each web process drains (server/web.js), none is restarted, and the server exits 0
// once all have. A kept-alive connection that is idle when the signal comes is not
// cut: a request sent on it afterwards is still answered, with "Connection: close"
// (a proxy's request on such a connection would otherwise fail after it was sent,
// and a proxy does not retry a POST).
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { expect, test } from "vitest";
import { startAppServer } from "./support/app-server";

function get(url: string, agent: http.Agent) {
  return new Promise<{ status: number; connection: string | undefined; reused: boolean }>((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, reused: req.reusedSocket }));
    });
    req.on("error", reject);
  });
}

function refused(url: string) {
  const { hostname, port } = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

// One process accepts its own connections; several share them round-robin (server/supervisor.js).
test.each([1, 2])(
  "SIGTERM with %i web process(es): each drains, a request on an idle kept-alive connection is answered, nothing restarts, exit 0",
  async (processes) => {
    const app = await startAppServer({ WEB_PROCESSES: String(processes) });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await expect.poll(() => app.output().split('"msg":"listening"').length - 1, { timeout: 30_000 }).toBe(processes);
      const before = await get(`${app.url}/healthz`, agent);
      expect(before).toMatchObject({ status: 200, connection: "keep-alive" });

      app.process.kill("SIGTERM");
      await expect.poll(() => app.output().split('"msg":"shutting down"').length - 1, { timeout: 10_000 }).toBe(processes);
      // The connection was idle when the signal came: still answered, and closed after.
      expect(await get(`${app.url}/healthz`, agent)).toEqual({ status: 200, connection: "close", reused: true });
      // New connections are refused (a proxy tries the next instance).
      await expect.poll(() => refused(app.url)).toBe(true);

      expect(await app.stop()).toBe(0);
      expect(app.output()).not.toContain("starting another");
    } finally {
      agent.destroy();
      await app.stop();
    }
  },
);

// A stop that comes while a replacement web process is still starting (it loads the
// build and boots before it listens): that process finishes starting, serves nothing,
// and exits 0; the server's stop is a clean one, not a failure.
test("SIGTERM while a replaced web process is still starting: it stops cleanly too, exit 0", async () => {
  const app = await startAppServer({ WEB_PROCESSES: "2", RESTART_DELAY_MS: "1" });
  try {
    await expect.poll(() => app.output().split('"msg":"listening"').length - 1, { timeout: 30_000 }).toBe(2);
    const children = () =>
      fs.readFileSync(`/proc/${app.process.pid}/task/${app.process.pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    const [first, second] = children();
    process.kill(second!, "SIGKILL");
    // The replacement exists (forked 1 ms after the loss) but has not loaded the app yet.
    await expect
      .poll(
        () => {
          const now = children();
          return now.length === 2 && now.includes(first!) && !now.includes(second!);
        },
        { timeout: 5_000, interval: 5 },
      )
      .toBe(true);
    const listeningBefore = app.output().split('"msg":"listening"').length - 1;
    expect(await app.stop()).toBe(0);
    // It really was caught starting: it never listened.
    expect(app.output().split('"msg":"listening"').length - 1).toBe(listeningBefore);
  } finally {
    await app.stop();
  }
});
