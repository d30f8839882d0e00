import { expect, test } from "vitest";
import { createDb } from "~/db/client.server";
import { loader } from "~/routes/healthz";
import { databaseAnswers } from "~/server/health.server";

test("GET /healthz answers 200 while the database answers", async () => {
  const response = await loader();
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("ok\n");
  expect(response.headers.get("Cache-Control")).toBe("no-store");
});

test("a database that does not answer is reported as down", async () => {
  // Port 1 on loopback: nothing listens there, the connection is refused.
  const unreachable = createDb("postgres://nobody@127.0.0.1:1/none");
  expect(await databaseAnswers(2_000, unreachable)).toBe(false);
  await unreachable.$disconnect();
});
