// Plain HTTP(S) requests, for the checks a browser hides: headers, caching, what
// each answer says. Over HTTPS (the cluster's nginx) they trust the throwaway
// certificate only (Node's fetch takes no CA of its own); over plain HTTP (an app
// process on loopback, tests/cluster/sqlite-faults.test.ts) there is none.
import http from "node:http";
import https from "node:https";

export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

export function request(
  url: string,
  { ca, method = "GET", headers = {}, body }: { ca?: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const onAnswer = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    };
    const req = url.startsWith("https:")
      ? https.request(url, { method, headers, ca, agent: false }, onAnswer)
      : http.request(url, { method, headers, agent: false }, onAnswer);
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
    if (body) req.write(body);
    req.end();
  });
}
