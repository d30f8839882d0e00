// A small keep-alive HTTP client for the load driver: node:http with a pooled
// agent, so the driver spends its CPU on requests rather than on fetch machinery.
// HTTPS (the cluster mode, through nginx) with an https.Agent trusting its certificate.
import http from "node:http";
import https from "node:https";

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; bytes: Buffer };

export function keepAliveAgent(maxSockets: number) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export function request(
  agent: http.Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; localAddress?: string } = {},
): Promise<Reply> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const client = url.startsWith("https:") ? https : http;
    const method = options.method ?? (body ? "POST" : "GET");
    const req = client.request(url, { agent, method, headers, localAddress: options.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString("utf8"), bytes });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The value of one cookie from a response's Set-Cookie headers. */
export function cookieFrom(reply: Reply, name: string) {
  for (const line of reply.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (pair!.slice(0, eq).trim() === name) return pair!.slice(eq + 1);
  }
  return null;
}
