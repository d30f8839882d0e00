import path from "node:path";
import { defineConfig } from "vitest/config";

// Browser journeys: the production build (npm run build first), served by
// server.js, driven by playwright-core in Debian's Chromium.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/support/fresh-screenshots.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // One browser at a time: the machine has two cores.
    fileParallelism: false,
  },
});
