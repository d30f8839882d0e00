// npm run db:check — fails when the schemas or the migrations have drifted:
// the PostgreSQL schema must be the one derived from the SQLite schema, and each
// provider's migrations must build exactly its schema.
// PostgreSQL is checked when a server answers at MIGRATION_POSTGRES_URL, and
// must be when --require-postgres is given (CI).
import pg from "pg";
import { deriveOrCheck } from "./derive-postgres-schema.mjs";
import { diffMigrationsToSchema } from "./schema-engine.mjs";

const pgUrl = process.env.MIGRATION_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
let failed = false;

if (!deriveOrCheck({ check: true })) {
  console.error("✗ prisma/postgres/schema.prisma is not derived from the SQLite schema: run `npm run db:derive`");
  failed = true;
} else console.log("✓ PostgreSQL schema is derived from the SQLite schema");

async function postgresAnswers() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

for (const provider of ["sqlite", "postgres"]) {
  if (provider === "postgres" && !(await postgresAnswers())) {
    if (process.argv.includes("--require-postgres")) {
      console.error("✗ postgres: no server answers at MIGRATION_POSTGRES_URL");
      failed = true;
    } else console.log("- postgres: no server answers, migrations not checked");
    continue;
  }
  const sql = await diffMigrationsToSchema(provider, { url: provider === "postgres" ? pgUrl : undefined });
  if (sql.trim()) {
    console.error(`✗ ${provider}: migrations do not build the schema; missing:\n${sql}\nRun \`npm run db:migration -- <name>\`.`);
    failed = true;
  } else console.log(`✓ ${provider}: migrations build the schema`);
}
process.exit(failed ? 1 : 0);
