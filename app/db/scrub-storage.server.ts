// After outbox keys are destroyed (decision 009), the deleted rows must leave the
// disk too, not only the table. SQLite: secure_delete (set when the connection
// opens) zeroes deleted content in the main file once the WAL is checkpointed,
// and a TRUNCATE checkpoint empties the WAL, which still holds page images with
// the key rows. PostgreSQL: VACUUM removes dead row versions (FULL rewrites the
// small key table into a new file); its WAL segments are recycled only after
// checkpoints, which is the residual decision 009 states.
import { type Db, db, sqliteDirect } from "./client.server";

/** Returns false when SQLite could not finish the checkpoint (another process reading): the next run tries again. */
export async function scrubFreedStorage(client: Db = db()) {
  const direct = await sqliteDirect(client);
  if (direct) {
    const result = await direct.outsideTransaction(() => direct.get<{ busy: number }>("PRAGMA wal_checkpoint(TRUNCATE)"));
    return result?.busy === 0;
  }
  await client.$executeRawUnsafe('VACUUM "OutboxMessage"');
  await client.$executeRawUnsafe('VACUUM FULL "OutboxKey"');
  return true;
}

/**
 * After publication destroyed the sealed identities of signers whose condition was
 * not met (decision 019): the old row versions leave the files. SQLite: as above
 * (secure_delete zeroed the freed cell space; the checkpoint empties the WAL).
 * PostgreSQL: VACUUM FULL rewrites the two tables into new files (the old ones are
 * unlinked), which locks them for the rewrite: once per publication that destroyed
 * something, never on a schedule.
 */
export async function scrubDestroyedIdentities(client: Db = db()) {
  const direct = await sqliteDirect(client);
  if (direct) {
    const result = await direct.outsideTransaction(() => direct.get<{ busy: number }>("PRAGMA wal_checkpoint(TRUNCATE)"));
    return result?.busy === 0;
  }
  await client.$executeRawUnsafe('VACUUM FULL "Signature"');
  await client.$executeRawUnsafe('VACUUM FULL "DecoyReceipt"');
  return true;
}
