// Start-up settings that keep a public deployment's doors shut (issue 13, findings
// 6 and 13): the local mailbox only on this machine, forwarded addresses only from
// trusted proxies.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, test } from "vitest";
import { ConfigError, buildConfig } from "~/config/env.server";
import { isLocalRequest, isLoopbackHostname } from "~/config/local-mailbox.server";
import { parseProxyList, trustProxy, type AddressSet } from "~/config/trusted-proxies.server";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "deploy-config-"));

describe("the local mailbox is for this machine only", () => {
  test.each([
    [{}],
    [{ HOST: "127.0.0.1", APP_URL: "http://127.0.0.1:3000" }],
    [{ HOST: "::1", APP_URL: "http://[::1]:3000" }],
    [{ HOST: "localhost", APP_URL: "http://localhost:8080/" }],
  ])("allowed without SMTP_URL with %o", (env) => {
    expect(buildConfig({ DATA_DIR: tmp(), ...env }).mailTransport).toBe("local-mailbox");
  });

  test.each([
    [{ HOST: "0.0.0.0" }, "HOST is 0.0.0.0"],
    [{ HOST: "::" }, "HOST is ::"],
    [{ HOST: "192.0.2.10" }, "HOST is 192.0.2.10"],
    [{ APP_URL: "https://letters.example" }, "APP_URL is https://letters.example"],
    [{ APP_URL: "http://localhost.letters.example:3000" }, "APP_URL is"],
  ])("start-up refuses %o without SMTP_URL, saying what to set", (env, problem) => {
    const start = () => buildConfig({ DATA_DIR: tmp(), ...env });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(problem);
    expect(start).toThrow("SMTP_URL=smtps://");
  });

  test("with SMTP_URL a public setting starts, and mail goes by SMTP", () => {
    const cfg = buildConfig({
      DATA_DIR: tmp(),
      HOST: "0.0.0.0",
      APP_URL: "https://letters.example",
      SMTP_URL: "smtps://u:p@mail.example:465",
    });
    expect(cfg.mailTransport).toBe("smtp");
  });

  test("loopback names", () => {
    for (const name of ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost."])
      expect(isLoopbackHostname(name), name).toBe(true);
    for (const name of [
      "0.0.0.0",
      "::",
      "10.0.0.1",
      "letters.example",
      "localhost.evil.example",
      "127.0.0.1.nip.io",
      "[::ffff:10.0.0.1]",
    ]) {
      expect(isLoopbackHostname(name), name).toBe(false);
    }
  });

  test("the page answers a loopback peer that names this machine and port, with no proxy header", () => {
    const local = (headers: Record<string, string>, socketAddress = "127.0.0.1") => isLocalRequest({ socketAddress, headers }, 3000);
    expect(local({ host: "localhost:3000" })).toBe(true);
    expect(local({ host: "127.0.0.1:3000" }, "::ffff:127.0.0.1")).toBe(true);
    expect(local({ host: "[::1]:3000" }, "::1")).toBe(true);
    // DNS rebinding: the browser sends the attacker's name.
    expect(local({ host: "attacker.example:3000" })).toBe(false);
    expect(local({ host: "localhost:3001" })).toBe(false);
    expect(local({ host: "localhost" })).toBe(false);
    expect(local({})).toBe(false);
    // A proxy on this machine is still a proxy.
    for (const header of ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "via"]) {
      expect(local({ host: "localhost:3000", [header]: "203.0.113.9" }), header).toBe(false);
    }
    expect(local({ host: "localhost:3000" }, "203.0.113.9")).toBe(false);
    expect(local({ host: "localhost:3000" }, "::ffff:10.0.0.1")).toBe(false);
  });
});

describe("TRUSTED_PROXIES", () => {
  test("defaults to loopback; takes addresses and CIDRs; refuses what is neither", () => {
    const cfg = buildConfig({ DATA_DIR: tmp() });
    expect(cfg.TRUSTED_PROXIES.matches("127.0.0.1")).toBe(true);
    expect(cfg.TRUSTED_PROXIES.matches("::ffff:127.0.0.1")).toBe(true);
    expect(cfg.TRUSTED_PROXIES.matches("::1")).toBe(true);
    expect(cfg.TRUSTED_PROXIES.matches("10.0.0.1")).toBe(false);

    const list = parseProxyList("loopback, 10.1.0.0/16, 192.0.2.7, fd00::/8") as AddressSet;
    for (const inside of ["10.1.200.3", "::ffff:10.1.0.1", "192.0.2.7", "fd12::1", "127.0.0.1"])
      expect(list.matches(inside), inside).toBe(true);
    for (const outside of ["10.2.0.1", "192.0.2.8", "2001:db8::1", "not an address"]) expect(list.matches(outside), outside).toBe(false);

    for (const bad of ["10.0.0.0/33", "fd00::/129", "proxy.internal", "10.0.0.1/8/8", "10.0.0/8"]) {
      expect(() => buildConfig({ DATA_DIR: tmp(), TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES: ".*" is not an address or CIDR/);
    }
  });

  async function clientIpSeenBy(hops: number, proxies: string, forwardedFor: string) {
    const app = express();
    app.set("trust proxy", trustProxy(hops, parseProxyList(proxies) as AddressSet));
    app.get("/", (req, res) => void res.send(req.ip));
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { "X-Forwarded-For": forwardedFor } });
      return await response.text();
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  test("Express takes the client address from X-Forwarded-For only when the peer is a trusted proxy", async () => {
    // This test's client is the peer, at 127.0.0.1.
    expect(await clientIpSeenBy(1, "loopback", "203.0.113.5")).toBe("203.0.113.5");
    // A direct client (its peer address is not a listed proxy) cannot name itself.
    expect(await clientIpSeenBy(1, "192.0.2.1", "203.0.113.5")).toBe("127.0.0.1");
    // One hop trusted: a client-supplied address in front of the proxy's is not believed.
    expect(await clientIpSeenBy(1, "loopback", "198.51.100.1, 203.0.113.5")).toBe("203.0.113.5");
    expect(await clientIpSeenBy(0, "loopback", "203.0.113.5")).toBe("127.0.0.1");
  });
});
