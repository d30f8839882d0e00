import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import path from "node:path";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Packages with native code or Node-only internals: never pre-bundled for the
// browser, and left external in the server build.
const serverOnly = [
  "@node-rs/argon2",
  "@prisma/client",
  "@prisma/adapter-better-sqlite3",
  "@prisma/adapter-pg",
  "better-sqlite3",
  "pg",
  "@oslojs/crypto",
  "@oslojs/encoding",
  "@remix-run/node",
  "nodemailer",
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  optimizeDeps: { exclude: serverOnly },
  ssr: { external: ["better-sqlite3", "@node-rs/argon2"] },
  server: { port: 3000 },
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
});
