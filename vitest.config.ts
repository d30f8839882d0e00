import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and database suites on SQLite: a fresh database file per test file.
// Kept apart from vite.config.ts so the Remix plugin is not loaded in tests.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/db/**/*.test.ts", "tests/routes/**/*.test.ts", "tests/sqlite/**/*.test.ts"],
    globalSetup: ["tests/support/sqlite-global-setup.ts"],
    setupFiles: ["tests/support/sqlite-setup-file.ts", "tests/support/fail-on-console.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
