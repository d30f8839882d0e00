import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../../app/db/migrate.server";

// Migrate one template database; each test file copies it (about a millisecond).
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "undersigned-test-"));
  const template = path.join(dir, "template.db");
  await migrate(`file:${template}`);
  project.provide("sqliteTemplate", template);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    postgresTemplate: { adminUrl: string; template: string };
  }
}
