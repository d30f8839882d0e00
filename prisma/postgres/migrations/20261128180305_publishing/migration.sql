-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "publicSlug" TEXT,
ADD COLUMN     "publishNoticesAt" TIMESTAMP(3),
ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "publishedSnapshot" TEXT;

-- CreateTable
CREATE TABLE "OrganizerInvitation" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),

    CONSTRAINT "OrganizerInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PressPreview" (
    "id" TEXT NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "letterId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "embargoUntil" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "openCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PressPreview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PressContact" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "outlet" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PressContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PressDelivery" (
    "id" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "outboxMessageId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PressDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishedArtifact" (
    "letterId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "etag" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedArtifact_pkey" PRIMARY KEY ("letterId","format")
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

-- AddForeignKey
ALTER TABLE "OrganizerInvitation" ADD CONSTRAINT "OrganizerInvitation_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PressPreview" ADD CONSTRAINT "PressPreview_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PressContact" ADD CONSTRAINT "PressContact_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PressDelivery" ADD CONSTRAINT "PressDelivery_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "PressContact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublishedArtifact" ADD CONSTRAINT "PublishedArtifact_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
