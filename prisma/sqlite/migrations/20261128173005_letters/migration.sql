-- CreateTable
CREATE TABLE "Letter" (
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
    "revealNoticesAt" DATETIME,
    "closeNoticesAt" DATETIME
);

-- CreateTable
CREATE TABLE "LetterOrganizer" (
    "letterId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'owner',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("letterId", "userId"),
    CONSTRAINT "LetterOrganizer_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LetterOrganizer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Signature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "emailTag" BLOB NOT NULL,
    "publicLine" TEXT,
    "sealedIdentity" BLOB,
    "receiptHash" BLOB NOT NULL,
    "signedOn" DATETIME NOT NULL,
    "orderKey" TEXT NOT NULL,
    "listed" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Signature_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SigningVerification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretHash" BLOB NOT NULL,
    "letterId" TEXT NOT NULL,
    "emailTag" BLOB NOT NULL,
    "codeHash" BLOB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL,
    "verifiedAt" DATETIME,
    CONSTRAINT "SigningVerification_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorUserId" TEXT,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEvent_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Letter_privateSlugHash_key" ON "Letter"("privateSlugHash");

-- CreateIndex
CREATE INDEX "Letter_status_deadline_idx" ON "Letter"("status", "deadline");

-- CreateIndex
CREATE INDEX "LetterOrganizer_userId_idx" ON "LetterOrganizer"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Signature_receiptHash_key" ON "Signature"("receiptHash");

-- CreateIndex
CREATE INDEX "Signature_letterId_orderKey_idx" ON "Signature"("letterId", "orderKey");

-- CreateIndex
CREATE UNIQUE INDEX "Signature_letterId_emailTag_key" ON "Signature"("letterId", "emailTag");

-- CreateIndex
CREATE INDEX "SigningVerification_letterId_idx" ON "SigningVerification"("letterId");

-- CreateIndex
CREATE INDEX "AuditEvent_letterId_createdAt_idx" ON "AuditEvent"("letterId", "createdAt");
