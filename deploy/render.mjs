#!/usr/bin/env node
// Renders deploy/nginx/undersigned.conf.template with a site file (deploy/site.env.example
// shows every setting): `node deploy/render.mjs site.env > /etc/nginx/sites-available/undersigned`.
// The cluster test (npm run test:cluster) and the benchmark's cluster mode
// (npm run bench -- --instances N) render the very same template this way, with
// their own ports and paths, so what they test and measure is what this recipe installs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), "nginx", "undersigned.conf.template");
const REQUIRED = [
  "SERVER_NAME",
  "APP_PORTS",
  "HTTP_PORT",
  "HTTPS_PORT",
  "TLS_CERTIFICATE",
  "TLS_CERTIFICATE_KEY",
  "CACHE_DIR",
  "ACCESS_LOG",
  "ERROR_LOG",
];

/** KEY=value lines; # comments and blank lines ignored. */
export function parseSiteFile(text) {
  const settings = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const eq = trimmed.indexOf("=");
    if (eq < 1) throw new Error(`not KEY=value: ${trimmed.slice(0, 40)}`);
    settings[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return settings;
}

/** The nginx site for these settings; throws on a missing or unsafe value. */
export function renderSite(settings) {
  for (const key of REQUIRED) if (!settings[key]) throw new Error(`${key} is not set`);
  // Values land in nginx syntax: nothing that could end a directive or open a block.
  for (const [key, value] of Object.entries(settings)) {
    if (/[;{}\s'"$\\]/.test(value) && key !== "APP_PORTS") throw new Error(`${key} holds a character nginx would read as syntax`);
  }
  const ports = settings.APP_PORTS.split(",").map((p) => p.trim());
  for (const port of ports) if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new Error(`APP_PORTS: not a port: ${port}`);
  const values = {
    ...settings,
    // App instances are reached on loopback only: nothing else listens publicly.
    UPSTREAM_SERVERS: ports.map((port) => `  server 127.0.0.1:${port} max_fails=1 fail_timeout=10s;`).join("\n"),
    HTTPS_PORT_SUFFIX: settings.HTTPS_PORT === "443" ? "" : `:${settings.HTTPS_PORT}`,
  };
  const rendered = fs.readFileSync(TEMPLATE, "utf8").replace(/@([A-Z_]+)@/g, (match, name) => {
    if (!(name in values)) throw new Error(`the template uses @${name}@, which no setting gives`);
    return values[name];
  });
  return rendered;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: node deploy/render.mjs <site.env>\n");
    process.exit(2);
  }
  process.stdout.write(renderSite(parseSiteFile(fs.readFileSync(file, "utf8"))));
}
