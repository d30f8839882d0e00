import { databaseAnswers } from "~/server/health.server";

// For load balancers and uptime checks: 200 when the database answers, 503 otherwise.
export async function loader() {
  const ok = await databaseAnswers();
  return new Response(ok ? "ok\n" : "database unavailable\n", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
