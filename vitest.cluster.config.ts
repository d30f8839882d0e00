import path from "node:path";
import { defineConfig } from "vitest/config";

// The deployment recipe (deploy/) run for real: nginx in front of two app
// instances on PostgreSQL, the worker and a real SMTP server (npm run build first).
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/cluster/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One cluster at a time: the machine has two cores.
    fileParallelism: false,
  },
});
