import path from "node:path";
import { defineConfig } from "vitest/config";

// The database-facing suites against PostgreSQL (TEST_DATABASE_URL, default the
// local server): a fresh database per test file, cloned from a migrated template.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    // tests/postgres: suites that need PostgreSQL itself (e.g. a throwaway cluster of their own).
    include: ["tests/db/**/*.test.ts", "tests/postgres/**/*.test.ts"],
    globalSetup: ["tests/support/postgres-global-setup.ts"],
    setupFiles: ["tests/support/postgres-setup-file.ts", "tests/support/fail-on-console.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file makes its own database; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
  },
});
