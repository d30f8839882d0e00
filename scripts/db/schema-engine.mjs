// Prisma's schema engine, run as WebAssembly through a driver adapter, so that
// creating and checking migrations needs no download (the Prisma CLI would fetch
// a native engine from the network first). See docs/decisions/001-database-tooling.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import crypto from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { parse as parseConnectionString } from "pg-connection-string";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { providers } from "./providers.mjs";

const require = createRequire(import.meta.url);

let enginePromise;
function loadEngineModule() {
  // The package is built for bundlers (`import * as wasm from "./x.wasm"`), which
  // Node cannot do; instantiate the module by hand instead.
  enginePromise ??= (async () => {
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bindings = await import(path.join(dir, "schema_engine_bg.js"));
    const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return bindings;
  })();
  return enginePromise;
}

// Quirks of the wasm engine with these adapters, patched on each connection:
// - it cannot read PostgreSQL's internal "char" type (OID 18), which pg_catalog
//   uses; reported as text, it describes the schema fine;
// - it sends a whole migration script to executeRaw, which better-sqlite3 refuses
//   ("more than one statement"); such a script goes to executeScript instead.
function patchConnection(connection) {
  if (typeof connection.performIO === "function") {
    const performIO = connection.performIO.bind(connection);
    connection.performIO = async (...args) => {
      const result = await performIO(...args);
      for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    };
  }
  if (connection.provider === "sqlite") {
    const executeRaw = connection.executeRaw.bind(connection);
    connection.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (query.args.length > 0 || !/more than one statement/.test(String(error))) throw error;
        await connection.executeScript(query.sql);
        return 0;
      }
    };
  }
  return connection;
}

function patched(adapterFactory) {
  return {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: async () => patchConnection(await adapterFactory.connect()),
    connectToShadowDb: async () => patchConnection(await adapterFactory.connectToShadowDb()),
  };
}

function adapterFor(provider, url) {
  if (provider === "sqlite") {
    const file = url ?? `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-engine-")), "scratch.db")}`;
    return patched(new PrismaBetterSqlite3({ url: file }));
  }
  if (!url) throw new Error("a PostgreSQL URL is needed for the postgres provider");
  return patched(postgresWithOwnShadow(url));
}

// The pg adapter's own shadow database is made from a connectionString it then
// ignores, and dropped while still connected; make and drop it here instead.
const shadowDatabases = [];
function postgresWithOwnShadow(url) {
  const { host, port, user, password, database } = parseConnectionString(url);
  const fields = { host: host ?? undefined, port: port ? Number(port) : undefined, user, password };
  const main = new PrismaPg({ ...fields, database: database ?? undefined });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    connectToShadowDb: async () => {
      const name = `undersigned_shadow_${crypto.randomUUID().replace(/-/g, "")}`;
      await withPgClient(url, (client) => client.query(`CREATE DATABASE "${name}"`));
      shadowDatabases.push({ url, name });
      return new PrismaPg({ ...fields, database: name }).connect();
    },
  };
}

async function withPgClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function dropShadowDatabases() {
  for (const { url, name } of shadowDatabases.splice(0)) {
    await withPgClient(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

export async function openSchemaEngine(provider, { url } = {}) {
  const { SchemaEngine } = await loadEngineModule();
  const schema = fs.readFileSync(providers[provider].schemaPath, "utf8");
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFor(provider, url));
  return SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
}

export function readMigrationList(provider) {
  const { migrationsDir, prismaProvider } = providers[provider];
  const dirs = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: `provider = "${prismaProvider}"\n` },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** SQL that takes a database built from the migrations folder to the schema; "" when in step. */
export async function diffMigrationsToSchema(provider, { url } = {}) {
  const engine = await openSchemaEngine(provider, { url });
  const schema = fs.readFileSync(providers[provider].schemaPath, "utf8");
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrationList(provider) },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 2 ? result.stdout : "";
  } finally {
    engine.free();
    await dropShadowDatabases();
  }
}
