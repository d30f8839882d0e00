// npm run db:migration -- <name>
// Writes the next migration for both providers from the current schema.
// PostgreSQL needs a server for its shadow database: MIGRATION_POSTGRES_URL
// (default postgres://postgres@127.0.0.1:5432/postgres).
import fs from "node:fs";
import path from "node:path";
import { deriveOrCheck } from "./derive-postgres-schema.mjs";
import { diffMigrationsToSchema } from "./schema-engine.mjs";
import { providers } from "./providers.mjs";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
deriveOrCheck({ check: false });
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const pgUrl = process.env.MIGRATION_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

for (const provider of ["sqlite", "postgres"]) {
  const sql = await diffMigrationsToSchema(provider, { url: provider === "postgres" ? pgUrl : undefined });
  if (!sql.trim()) {
    console.log(`${provider}: schema and migrations already match, nothing written`);
    continue;
  }
  const dir = path.join(providers[provider].migrationsDir, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  fs.writeFileSync(
    path.join(providers[provider].migrationsDir, "migration_lock.toml"),
    `provider = "${providers[provider].prismaProvider}"\n`,
  );
  console.log(`${provider}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
