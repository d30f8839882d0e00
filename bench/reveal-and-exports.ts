// Phase 3: the signature that crosses a letter's threshold, with N signatures
// already sealed, and the time until its organizer can read the names.
// Phase 4: the published letter's downloads, generated on first request.
import { keepAliveAgent, request } from "./http-client";
import { signingFlow } from "./signing-rush";
import type { watchMailbox } from "./mailbox";

export type RevealFigures = {
  sealedBefore: number;
  crossingSignMs: number;
  namesReadableMs: number;
  dashboardMs: number;
  namesShown: boolean;
};

export async function measureReveal(options: {
  appUrl: string;
  letter: { id: string; path: string };
  sealedBefore: number;
  prefix: string;
  organizerSession: string;
  mailbox: ReturnType<typeof watchMailbox>;
  knownName: string;
}): Promise<RevealFigures> {
  const agent = keepAliveAgent(2);
  const dashboard = `${options.appUrl}/my/letters/${options.letter.id}`;
  const cookie = `session=${options.organizerSession}`;
  const before = await request(agent, dashboard, { headers: { cookie } });
  if (before.status !== 200 || before.body.includes(options.knownName))
    throw new Error("the dashboard should show no names before the threshold");

  // One whole signing flow; its last step is the crossing signature.
  const t0 = performance.now();
  const flow = await signingFlow({
    agent,
    appUrl: options.appUrl,
    letterPath: options.letter.path,
    prefix: options.prefix,
    n: options.sealedBefore,
    mailbox: options.mailbox,
  });

  for (;;) {
    const askedAt = performance.now();
    const page = await request(agent, dashboard, { headers: { cookie } });
    const answeredAt = performance.now();
    if (page.status === 200 && page.body.includes(options.knownName)) {
      agent.destroy();
      return {
        sealedBefore: options.sealedBefore,
        crossingSignMs: Math.round(flow.stepMs.sign),
        namesReadableMs: Math.round(answeredAt - flow.signStartedAt),
        dashboardMs: Math.round(answeredAt - askedAt),
        namesShown: true,
      };
    }
    if (answeredAt - t0 > 120_000) throw new Error("names were not readable within 120 s of the crossing signature");
  }
}

export type ExportFigures = { format: string; firstMs: number; bytes: number; againMs: number };

export async function measureExports(appUrl: string, publicSlug: string): Promise<ExportFigures[]> {
  const agent = keepAliveAgent(1);
  const formats = ["letter.pdf", "signatories.csv", "signatories.json", "letter.json"];
  const figures: ExportFigures[] = [];
  for (const format of formats) {
    const url = `${appUrl}/letters/${publicSlug}/${format}`;
    const t0 = performance.now();
    const first = await request(agent, url);
    const firstMs = performance.now() - t0;
    if (first.status !== 200) throw new Error(`${format}: HTTP ${first.status}`);
    const t1 = performance.now();
    await request(agent, url);
    figures.push({ format, firstMs: Math.round(firstMs), bytes: first.bytes.length, againMs: Math.round(performance.now() - t1) });
  }
  agent.destroy();
  return figures;
}
