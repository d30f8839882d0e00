-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Letter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "addressee" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "organizationName" TEXT NOT NULL,
    "allowedDomains" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "deadline" DATETIME NOT NULL,
    "noteToSigners" TEXT,
    "textHash" TEXT,
    "privateSlugHash" BLOB,
    "wrappedDataKey" BLOB,
    "signatureCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" DATETIME,
    "revealedAt" DATETIME,
    "closedAt" DATETIME,
    "countBatchAt" DATETIME,
    "batchedCount" INTEGER NOT NULL DEFAULT 0,
    "listedLines" TEXT,
    "revealNoticesAt" DATETIME,
    "closeNoticesAt" DATETIME,
    "publicSlug" TEXT,
    "publishedAt" DATETIME,
    "publishedSnapshot" TEXT,
    "publishNoticesAt" DATETIME,
    "trusteeThreshold" INTEGER,
    "trusteesCalledAt" DATETIME,
    "updatesMailed" INTEGER NOT NULL DEFAULT 0,
    "lastUpdateMailedAt" DATETIME,
    "recordChangedAt" DATETIME,
    "deliveryQueuedAt" DATETIME,
    "deliveryOutboxId" TEXT,
    "deliveryStatus" TEXT,
    "deliveredAt" DATETIME,
    "teams" TEXT NOT NULL DEFAULT '',
    "teamCounts" TEXT,
    "coolingOffHours" INTEGER NOT NULL DEFAULT 48,
    "coolingOffEndsAt" DATETIME,
    "batchedCoolingOffEndsAt" DATETIME,
    "coolingOffNoticesAt" DATETIME,
    "coolingOffSignersToldAt" DATETIME
);
INSERT INTO "new_Letter" ("addressee", "allowedDomains", "batchedCount", "body", "closeNoticesAt", "closedAt", "countBatchAt", "createdAt", "deadline", "deliveredAt", "deliveryOutboxId", "deliveryQueuedAt", "deliveryStatus", "id", "lastUpdateMailedAt", "listedLines", "noteToSigners", "openedAt", "organizationName", "privateSlugHash", "publicSlug", "publishNoticesAt", "publishedAt", "publishedSnapshot", "recordChangedAt", "revealNoticesAt", "revealedAt", "signatureCount", "status", "teamCounts", "teams", "textHash", "threshold", "title", "trusteeThreshold", "trusteesCalledAt", "updatesMailed", "wrappedDataKey") SELECT "addressee", "allowedDomains", "batchedCount", "body", "closeNoticesAt", "closedAt", "countBatchAt", "createdAt", "deadline", "deliveredAt", "deliveryOutboxId", "deliveryQueuedAt", "deliveryStatus", "id", "lastUpdateMailedAt", "listedLines", "noteToSigners", "openedAt", "organizationName", "privateSlugHash", "publicSlug", "publishNoticesAt", "publishedAt", "publishedSnapshot", "recordChangedAt", "revealNoticesAt", "revealedAt", "signatureCount", "status", "teamCounts", "teams", "textHash", "threshold", "title", "trusteeThreshold", "trusteesCalledAt", "updatesMailed", "wrappedDataKey" FROM "Letter";
DROP TABLE "Letter";
ALTER TABLE "new_Letter" RENAME TO "Letter";
CREATE UNIQUE INDEX "Letter_privateSlugHash_key" ON "Letter"("privateSlugHash");
CREATE UNIQUE INDEX "Letter_publicSlug_key" ON "Letter"("publicSlug");
CREATE INDEX "Letter_status_deadline_idx" ON "Letter"("status", "deadline");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
