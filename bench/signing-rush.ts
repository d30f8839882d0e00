// Phase 2: a letter catches fire. Virtual signers, each with its own address and
// network address, go through the whole verified flow over HTTP: ask for a code,
// read it from the local mailbox, type it, sign. Each concurrency level runs
// against a fresh letter for a fixed time.
//
// Through nginx (the cluster mode) a signer's network address is the TCP peer nginx
// sees (the recipe overwrites X-Forwarded-For), so each signer connects from its own
// loopback address (127.x.y.z: all of 127/8 is this machine), over a TLS connection
// of its own kept alive for its flow's three requests, then closed: a new browser each.
import type http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { cookieFrom, keepAliveAgent, request, type Reply } from "./http-client";
import { codeIn, type watchMailbox } from "./mailbox";
import { signerEmail, signerIp, signerLoopbackAddress } from "./seed";

export const STEPS = ["requestCode", "mailArrives", "submitCode", "sign"] as const;
type Step = (typeof STEPS)[number];

export type RushFigures = {
  concurrency: number;
  seconds: number;
  flows: number;
  flowsPerSecond: number;
  errors: number;
  errorSamples: string[];
  p50FlowMs: number;
  p99FlowMs: number;
  p99StepMs: Record<Step, number>;
};

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

class FlowError extends Error {}

function expectRedirect(step: Step, reply: Reply, to: RegExp) {
  const location = reply.headers.location ?? "";
  if (reply.status !== 302 || !to.test(location)) {
    throw new FlowError(
      `${step}: HTTP ${reply.status}${location ? ` → ${location.replace(/[a-z2-9]{24}\.[a-z2-9]{24}/g, "<token>")}` : ""}`,
    );
  }
}

/** One signer's whole flow, with how long each step took. */
export async function signingFlow({
  agent,
  appUrl,
  letterPath,
  prefix,
  n,
  mailbox,
  viaProxy = false,
}: {
  agent: http.Agent;
  viaProxy?: boolean;
  appUrl: string;
  letterPath: string;
  prefix: string;
  n: number;
  mailbox: ReturnType<typeof watchMailbox>;
}) {
  const signUrl = `${appUrl}${letterPath}/sign`;
  const email = signerEmail(prefix, n);
  // What a browser sends on a same-origin form post, from this signer's own network.
  const headers: Record<string, string> = { "sec-fetch-site": "same-origin", origin: appUrl };
  if (!viaProxy) headers["x-forwarded-for"] = signerIp(n);
  const localAddress = viaProxy ? signerLoopbackAddress(n) : undefined;
  const stepMs = {} as Record<Step, number>;
  async function timed<T>(step: Step, work: () => Promise<T>) {
    const t0 = performance.now();
    const value = await work();
    stepMs[step] = performance.now() - t0;
    return value;
  }
  const startedAt = performance.now();
  const asked = await timed("requestCode", () =>
    request(agent, signUrl, { headers, localAddress, form: { intent: "request-code", email } }),
  );
  expectRedirect("requestCode", asked, /\/sign$/);
  // Over HTTPS the app names its cookies with the __Host- prefix.
  const cookieName = appUrl.startsWith("https:") ? "__Host-signing" : "signing";
  const cookie = `${cookieName}=${cookieFrom(asked, cookieName)}`;
  const code = codeIn(await timed("mailArrives", () => mailbox.next(email)));
  const checked = await timed("submitCode", () =>
    request(agent, signUrl, { headers: { ...headers, cookie }, localAddress, form: { intent: "verify-code", code } }),
  );
  expectRedirect("submitCode", checked, /\/sign$/);
  const signStartedAt = performance.now();
  const signed = await timed("sign", () =>
    request(agent, signUrl, {
      headers: { ...headers, cookie },
      localAddress,
      form: { intent: "sign", name: `Signer ${prefix} ${n}`, publicLine: `Engineer, team ${n % 50}`, consent: "on" },
    }),
  );
  expectRedirect("sign", signed, /^\/receipt\//);
  return { stepMs, startedAt, signStartedAt, finishedAt: performance.now() };
}

export async function rush(options: {
  appUrl: string;
  letterPath: string;
  prefix: string;
  concurrency: number;
  seconds: number;
  mailbox: ReturnType<typeof watchMailbox>;
  firstSigner: number;
  /** Through nginx: HTTPS trusting this certificate, each signer from its own address. */
  proxyCertificate?: string;
}): Promise<RushFigures & { receipts: number }> {
  const { appUrl, letterPath, concurrency, mailbox, proxyCertificate } = options;
  const agent: http.Agent = keepAliveAgent(concurrency);
  // The certificate parsed once, not for each signer's connection: the driver's CPU is the signers'.
  const secureContext = proxyCertificate === undefined ? undefined : tls.createSecureContext({ ca: proxyCertificate });
  const flowAgent = () => {
    if (!secureContext) return { agent, done: () => {} };
    const own = new https.Agent({ keepAlive: true, maxSockets: 1, secureContext });
    return { agent: own, done: () => own.destroy() };
  };
  const stepTimes: Record<Step, number[]> = { requestCode: [], mailArrives: [], submitCode: [], sign: [] };
  const flowTimes: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = options.firstSigner;
  let inWindow = 0;

  const started = performance.now();
  const endsAt = started + options.seconds * 1000;

  async function oneFlow() {
    const connection = flowAgent();
    const flow = await signingFlow({
      agent: connection.agent,
      appUrl,
      letterPath,
      prefix: options.prefix,
      n: next++,
      mailbox,
      viaProxy: proxyCertificate !== undefined,
    }).finally(connection.done);
    for (const step of STEPS) stepTimes[step].push(flow.stepMs[step]);
    flowTimes.push(flow.finishedAt - flow.startedAt);
    if (flow.finishedAt <= endsAt) inWindow++;
  }

  async function virtualSigner() {
    while (performance.now() < endsAt) {
      try {
        await oneFlow();
      } catch (error) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(error instanceof FlowError ? error.message : String(error));
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, virtualSigner));
  agent.destroy();
  const sortedFlows = [...flowTimes].sort((a, b) => a - b);
  const p99StepMs = Object.fromEntries(
    STEPS.map((step) => [
      step,
      percentile(
        [...stepTimes[step]].sort((a, b) => a - b),
        99,
      ),
    ]),
  ) as Record<Step, number>;
  return {
    concurrency,
    seconds: options.seconds,
    flows: inWindow,
    flowsPerSecond: Math.round((inWindow / options.seconds) * 10) / 10,
    errors,
    errorSamples,
    p50FlowMs: percentile(sortedFlows, 50),
    p99FlowMs: percentile(sortedFlows, 99),
    p99StepMs,
    receipts: flowTimes.length,
  };
}
