// One seeding process (bench/seed.ts starts several): signers `from` to `to` - 1
// for one letter, through the domain functions. Prints progress counts on stdout.
// Usage: tsx bench/seed-worker.ts <letterId> <prefix> <from> <to>
import { disconnectDb } from "~/db/client.server";
import { seedSignatureRange } from "./seed";

const [letterId, prefix, from, to] = process.argv.slice(2);
await seedSignatureRange(letterId!, prefix!, Number(from), Number(to), (done) => process.stdout.write(`${done}\n`));
await disconnectDb();
