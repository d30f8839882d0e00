-- CreateTable
CREATE TABLE "LetterUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "postedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "postedById" TEXT,
    "mailed" BOOLEAN NOT NULL DEFAULT false,
    "mailQueuedAt" DATETIME,
    CONSTRAINT "LetterUpdate_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnsubscribeLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" BLOB NOT NULL,
    "letterId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UnsubscribeLink_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
    "deliveredAt" DATETIME
);
INSERT INTO "new_Letter" ("addressee", "allowedDomains", "batchedCount", "body", "closeNoticesAt", "closedAt", "countBatchAt", "createdAt", "deadline", "id", "listedLines", "noteToSigners", "openedAt", "organizationName", "privateSlugHash", "publicSlug", "publishNoticesAt", "publishedAt", "publishedSnapshot", "revealNoticesAt", "revealedAt", "signatureCount", "status", "textHash", "threshold", "title", "trusteeThreshold", "trusteesCalledAt", "wrappedDataKey") SELECT "addressee", "allowedDomains", "batchedCount", "body", "closeNoticesAt", "closedAt", "countBatchAt", "createdAt", "deadline", "id", "listedLines", "noteToSigners", "openedAt", "organizationName", "privateSlugHash", "publicSlug", "publishNoticesAt", "publishedAt", "publishedSnapshot", "revealNoticesAt", "revealedAt", "signatureCount", "status", "textHash", "threshold", "title", "trusteeThreshold", "trusteesCalledAt", "wrappedDataKey" FROM "Letter";
DROP TABLE "Letter";
ALTER TABLE "new_Letter" RENAME TO "Letter";
CREATE UNIQUE INDEX "Letter_privateSlugHash_key" ON "Letter"("privateSlugHash");
CREATE UNIQUE INDEX "Letter_publicSlug_key" ON "Letter"("publicSlug");
CREATE INDEX "Letter_status_deadline_idx" ON "Letter"("status", "deadline");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LetterUpdate_letterId_postedAt_idx" ON "LetterUpdate"("letterId", "postedAt");

-- CreateIndex
CREATE INDEX "LetterUpdate_mailed_mailQueuedAt_idx" ON "LetterUpdate"("mailed", "mailQueuedAt");

-- CreateIndex
CREATE INDEX "UnsubscribeLink_tokenHash_idx" ON "UnsubscribeLink"("tokenHash");
