// Derives prisma/postgres/schema.prisma from the SQLite schema (the source of truth).
// Only the provider and the generated client's folder differ.
//   node scripts/db/derive-postgres-schema.mjs          write it
//   node scripts/db/derive-postgres-schema.mjs --check  exit 1 if the checked-in file differs
import fs from "node:fs";
import { providers } from "./providers.mjs";

export function derivePostgresSchema(sqliteSchema) {
  const header = "// GENERATED from prisma/sqlite/schema.prisma by `npm run db:derive`. Do not edit.\n";
  const replaced = sqliteSchema
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace('output   = "../../app/db/generated/sqlite"', 'output   = "../../app/db/generated/postgres"');
  if (replaced === sqliteSchema || !replaced.includes("generated/postgres")) {
    throw new Error("could not derive the PostgreSQL schema: provider or output line not found");
  }
  return header + replaced;
}

export function deriveOrCheck({ check }) {
  const source = fs.readFileSync(providers.sqlite.schemaPath, "utf8");
  const derived = derivePostgresSchema(source);
  const target = providers.postgres.schemaPath;
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  if (check) return current === derived;
  if (current !== derived) {
    fs.mkdirSync(new URL(".", `file://${target}`).pathname, { recursive: true });
    fs.writeFileSync(target, derived);
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  if (!deriveOrCheck({ check })) {
    console.error("prisma/postgres/schema.prisma is out of date: run `npm run db:derive`.");
    process.exit(1);
  }
}
