// deploy/render.mjs fills the recipe's nginx template: every value it writes lands in
// nginx syntax, so a setting that could end a directive or open a block is refused.
import { describe, expect, test } from "vitest";
import { parseSiteFile, renderSite } from "../../deploy/render.mjs";

const settings = {
  SERVER_NAME: "letters.example.org",
  APP_PORTS: "3001,3002",
  HTTP_PORT: "80",
  HTTPS_PORT: "443",
  TLS_CERTIFICATE: "/etc/ssl/cert.pem",
  TLS_CERTIFICATE_KEY: "/etc/ssl/key.pem",
  CACHE_DIR: "/var/cache/nginx/undersigned",
  ACCESS_LOG: "/var/log/nginx/u.log",
  ERROR_LOG: "/var/log/nginx/u.err",
};

describe("the nginx site of the recipe", () => {
  test("upstreams on loopback only, no placeholder left, no request line in the log format", () => {
    const site: string = renderSite(settings);
    expect(site).toContain("server 127.0.0.1:3001 ");
    expect(site).toContain("server 127.0.0.1:3002 ");
    expect(site).not.toMatch(/@[A-Z_]+@/);
    const format = /log_format undersigned_private ([^;]*);/.exec(site)?.[1] ?? "";
    expect(format).not.toMatch(/\$request(?!_time)|\$remote_addr|\$uri|\$args|\$http_/);
    expect(site).toContain("proxy_cache_bypass $undersigned_has_cookie;");
    expect(site).toContain("proxy_no_cache $undersigned_has_cookie;");
  });

  test("nginx closes its idle upstream connections before an instance shutting down would (server/web.js: 5 s)", () => {
    const site: string = renderSite(settings);
    const upstream = /upstream undersigned_app \{([^}]*)\}/.exec(site)?.[1] ?? "";
    const idle = /^\s*keepalive_timeout (\d+)s;/m.exec(upstream)?.[1];
    expect(Number(idle)).toBeGreaterThan(0);
    expect(Number(idle)).toBeLessThan(5);
  });

  test.each([
    ["SERVER_NAME", "evil; include /etc/passwd"],
    ["CACHE_DIR", "/tmp/x { }"],
    ["TLS_CERTIFICATE", "/etc/$host"],
    ["APP_PORTS", "3001,99999"],
    ["APP_PORTS", "3001;"],
    ["ACCESS_LOG", ""],
  ])("refuses %s = %j", (key, value) => {
    expect(() => renderSite({ ...settings, [key]: value })).toThrow();
  });

  test("reads KEY=value lines, skipping comments", () => {
    expect(parseSiteFile("# a comment\n\nSERVER_NAME=a.example\nAPP_PORTS=1,2\n")).toEqual({ SERVER_NAME: "a.example", APP_PORTS: "1,2" });
    expect(() => parseSiteFile("no equals sign")).toThrow();
  });
});
