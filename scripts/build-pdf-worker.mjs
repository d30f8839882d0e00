// Part of `npm run build`, after Remix's build: bundles the PDF thread's entry
// (app/publishing/formats/pdf-worker.ts) into build/server/pdf-worker.js. The
// server bundle is one file, and a worker thread needs a file of its own to load
// (app/publishing/formats/pdf-thread.server.ts). Packages stay external, as in the
// server bundle: pdfkit and the fonts are read from node_modules.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

await build({
  configFile: false,
  root,
  logLevel: "warn",
  resolve: { alias: { "~": path.join(root, "app") } },
  build: {
    ssr: path.join(root, "app/publishing/formats/pdf-worker.ts"),
    outDir: path.join(root, "build/server"),
    emptyOutDir: false,
    target: "node20",
    rollupOptions: { output: { format: "es", entryFileNames: "pdf-worker.js" } },
  },
});
