// SIGTERM to the production server (server/supervisor.js with one or two web processes):
// each web process drains (server/web.js), none is restarted, and the server exits 0
// once all have. A kept-alive connection that is idle when the signal comes is not
// cut: a request sent on it afterwards is still answered, with "Connection: close"
// (a proxy's request on such a connection would otherwise fail after it was sent,
// and a proxy does not retry a POST).
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
