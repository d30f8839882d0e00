import { letterPdf } from "~/publishing/formats/pdf.server";
const signatories = Array.from({ length: 10000 }, (_, n) => ({
  name: `Signer published ${n}`,
  title: n % 2 ? "Software Engineer" : null,
  publicLine: n % 3 ? `Engineer, team ${n % 97}` : null,
}));
const snap = {
  version: 1,
  title: "Cancel the contract",
  addressee: "The CEO",
  organizationName: "Bench Corp",
  body: "We ask you to **cancel**.\n\nThanks.",
  bodyHtml: "",
  textHash: "ab".repeat(32),
  allowedDomains: ["x.example"],
  openedAt: new Date().toISOString(),
  revealedAt: new Date().toISOString(),
  publishedAt: new Date().toISOString(),
  signatories,
  count: 10000,
  verificationStatement: "10,000 signatories each proved a work email at x.example.",
} as const;
await letterPdf(snap as never, "http://x/letters/a");
const t0 = performance.now();
const pdf = await letterPdf(snap as never, "http://x/letters/a");
console.log("pdf ms", Math.round(performance.now() - t0), "bytes", pdf.length, "rss MB", Math.round(process.memoryUsage().rss / 2 ** 20));
