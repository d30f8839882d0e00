-- AlterTable
ALTER TABLE "Letter" ADD COLUMN "publicSlug" TEXT;
ALTER TABLE "Letter" ADD COLUMN "publishNoticesAt" DATETIME;
ALTER TABLE "Letter" ADD COLUMN "publishedAt" DATETIME;
ALTER TABLE "Letter" ADD COLUMN "publishedSnapshot" TEXT;

-- CreateTable
CREATE TABLE "OrganizerInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" DATETIME,
    CONSTRAINT "OrganizerInvitation_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PressPreview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretHash" BLOB NOT NULL,
    "letterId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "embargoUntil" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "openCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PressPreview_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PressContact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "outlet" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PressContact_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PressDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contactId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "outboxMessageId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PressDelivery_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "PressContact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublishedArtifact" (
    "letterId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "etag" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("letterId", "format"),
    CONSTRAINT "PublishedArtifact_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OrganizerInvitation_email_idx" ON "OrganizerInvitation"("email");

-- CreateIndex
CREATE UNIQUE INDEX "OrganizerInvitation_letterId_email_key" ON "OrganizerInvitation"("letterId", "email");

-- CreateIndex
CREATE INDEX "PressPreview_letterId_idx" ON "PressPreview"("letterId");

-- CreateIndex
CREATE UNIQUE INDEX "PressContact_letterId_email_key" ON "PressContact"("letterId", "email");

-- CreateIndex
CREATE INDEX "PressDelivery_contactId_idx" ON "PressDelivery"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "Letter_publicSlug_key" ON "Letter"("publicSlug");
