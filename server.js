// `node server.js` starts Undersigned. In production (`npm run serve`) that is a
// small supervisor running the web processes (server/supervisor.js); in
// development (`npm run dev`) one process serves the app through Vite (server/web.js).
import cluster from "node:cluster";

if (process.env.NODE_ENV === "production" && cluster.isPrimary) await import("./server/supervisor.js");
else await import("./server/web.js");
