// The server's part of a trustees' reveal (issue 15), in process, without a
// browser: a letter waiting for its trustees (3, k = 2) with N trustee-sealed
// signatures; two trustees open their shares (here, in Node) and hand them over
// through the domain functions the resource route calls, chunk by chunk; then the
// second trustee's "done". Prints, per trustee, the server's time and CPU over
// their chunks: the second trustee's chunks also open every signature as its
// k-th share arrives (decision 016), so the difference between the two is what
// opening costs the server; and the "done" that flips the letter to REVEALED.
// npx tsx bench/trustee-reveal-server.ts [N]   (SQLite; N defaults to 10,000)
// PROFILE=file.cpuprofile: a CPU profile of the second trustee's chunks and "done".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const size = Number(process.argv[2] ?? 10_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reveal-profile-"));
Object.assign(process.env, { DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "app.db")}`, LOG_LEVEL: "warn" });

const { migrate } = await import("~/db/migrate.server");
await migrate(process.env.DATABASE_URL!);
const seed = await import("./seed");
const { seedTrusteeLetter } = await import("./trustee-release");
const { openKeyFile, openShares, toBase64Url } = await import("~/crypto/trustee");
const { trusteeSharesToOpen } = await import("~/domain/trustees/trustee-shares-to-open.server");
const { releaseShares } = await import("~/domain/trustees/release-shares.server");
const { finishRelease } = await import("~/domain/trustees/finish-release.server");
const { RELEASE_CHUNK_ITEMS } = await import("~/domain/trustees/release-rules");
const { db, disconnectDb } = await import("~/db/client.server");

let t = performance.now();
const { user: organizer } = await seed.seedOrganizer("organizer@personal-mail.example");
const seeded = await seedTrusteeLetter(organizer, size, () => {});
console.log(`seeded ${size} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const { Session } = await import("node:inspector/promises");
const session = process.env.PROFILE ? new Session() : undefined;
for (const [index, trustee] of seeded.trustees.slice(0, 2).entries()) {
  let serverMs = 0;
  let serverCpuMs = 0;
  if (index === 1 && session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const key = await openKeyFile(trustee.keyFile, "benchmark trustee passphrase 2026", { letterId: seeded.id, trusteeId: trustee.id });
  for (let after: string | undefined; ;) {
    const page = await trusteeSharesToOpen(trustee.token, { after });
    const opened = await openShares(key, page.items, { letterId: seeded.id, trusteeId: trustee.id });
    const chunk = opened.map((o) => ({ signatureId: o.signatureId, share: toBase64Url(o.share) }));
    for (let i = 0; i < chunk.length; i += RELEASE_CHUNK_ITEMS) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      await releaseShares(trustee.token, chunk.slice(i, i + RELEASE_CHUNK_ITEMS));
      const cpuUsed = process.cpuUsage(cpuBefore);
      serverMs += performance.now() - started;
      serverCpuMs += (cpuUsed.user + cpuUsed.system) / 1000;
    }
    if (!page.next) break;
    after = page.next;
  }
  console.log(
    `trustee ${index + 1}'s chunks: ${serverMs.toFixed(0)} ms, ${serverCpuMs.toFixed(0)} ms CPU ` +
      `(${((serverMs / size) * 1000).toFixed(0)} µs a share)${index === 1 ? ", opening every signature as its k-th share arrived" : ""}`,
  );
}
await finishRelease(seeded.trustees[0]!.token);
t = performance.now();
const cpu = process.cpuUsage();
const done = await finishRelease(seeded.trustees[1]!.token);
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
if (session) {
  const { profile } = await session.post("Profiler.stop");
  fs.writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
}
console.log(
  `second "done" (the reveal): ${ms.toFixed(0)} ms, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU; ` +
    `opened then ${done.opened}, revealed ${done.revealed}`,
);
const open = await db().signature.count({ where: { letterId: seeded.id, identitySealing: "server" } });
if (open !== size || !done.revealed) throw new Error(`expected ${size} opened and the letter revealed, found ${open}`);
await disconnectDb();
fs.rmSync(dir, { recursive: true, force: true });
