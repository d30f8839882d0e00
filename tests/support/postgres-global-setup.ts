import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../../app/db/migrate.server";

// A migrated template database; each test file gets `CREATE DATABASE … TEMPLATE`.
// No server means a failed run, never a silently skipped one.
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const template = `undersigned_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL does not answer at TEST_DATABASE_URL (${new URL(adminUrl).host}): ${String(error)}`);
  }
  await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  await migrate(withDatabase(adminUrl, template));
  project.provide("postgresTemplate", { adminUrl, template });
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.end();
  };
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
