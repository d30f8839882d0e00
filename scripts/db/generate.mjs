// Generates both Prisma clients (postinstall). `prisma generate` never runs the
// schema engine, but the CLI downloads one first unless PRISMA_SCHEMA_ENGINE_BINARY
// names an executable: point it at a stub that explains what to use instead.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import { providers, root } from "./providers.mjs";
import { deriveOrCheck } from "./derive-postgres-schema.mjs";

const require = createRequire(import.meta.url);
const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build/index.js");
deriveOrCheck({ check: false });
for (const provider of Object.values(providers)) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", provider.schemaPath], {
    stdio: ["ignore", "ignore", "inherit"],
    cwd: root,
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "scripts/db/no-schema-engine.sh"),
    },
  });
}
console.log("Prisma clients generated (sqlite, postgres)");
