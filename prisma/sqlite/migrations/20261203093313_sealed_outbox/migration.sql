-- CreateTable
CREATE TABLE "OutboxKey" (
    "epoch" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "wrappedKey" BLOB NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "sealed" BLOB,
    "keyEpoch" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "claimToken" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "OutboxMessage_keyEpoch_fkey" FOREIGN KEY ("keyEpoch") REFERENCES "OutboxKey" ("epoch") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_OutboxMessage" ("attempts", "claimToken", "createdAt", "id", "kind", "lastError", "lockedUntil", "nextAttemptAt", "sentAt", "status") SELECT "attempts", "claimToken", "createdAt", "id", "kind", "lastError", "lockedUntil", "nextAttemptAt", "sentAt", "status" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_keyEpoch_idx" ON "OutboxMessage"("keyEpoch");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
