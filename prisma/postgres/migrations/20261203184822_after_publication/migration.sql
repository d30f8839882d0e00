-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "deliveredAt" TIMESTAMP(3),
ADD COLUMN     "deliveryOutboxId" TEXT,
ADD COLUMN     "deliveryQueuedAt" TIMESTAMP(3),
ADD COLUMN     "deliveryStatus" TEXT,
ADD COLUMN     "lastUpdateMailedAt" TIMESTAMP(3),
ADD COLUMN     "recordChangedAt" TIMESTAMP(3),
ADD COLUMN     "updatesMailed" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LetterUpdate" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "postedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "postedById" TEXT,
    "mailed" BOOLEAN NOT NULL DEFAULT false,
    "mailQueuedAt" TIMESTAMP(3),

    CONSTRAINT "LetterUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnsubscribeLink" (
    "id" TEXT NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "letterId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnsubscribeLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LetterUpdate_letterId_postedAt_idx" ON "LetterUpdate"("letterId", "postedAt");

-- CreateIndex
CREATE INDEX "LetterUpdate_mailed_mailQueuedAt_idx" ON "LetterUpdate"("mailed", "mailQueuedAt");

-- CreateIndex
CREATE INDEX "UnsubscribeLink_tokenHash_idx" ON "UnsubscribeLink"("tokenHash");

-- AddForeignKey
ALTER TABLE "LetterUpdate" ADD CONSTRAINT "LetterUpdate_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnsubscribeLink" ADD CONSTRAINT "UnsubscribeLink_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
