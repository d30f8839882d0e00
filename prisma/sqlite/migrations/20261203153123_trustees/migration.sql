-- AlterTable
ALTER TABLE "Letter" ADD COLUMN "trusteeThreshold" INTEGER;

-- CreateTable
CREATE TABLE "Trustee" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "sealedEmail" BLOB,
    "inviteHash" BLOB,
    "publicKey" BLOB,
    "keyRegisteredAt" DATETIME,
    "releasedAt" DATETIME,
    "refusedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Trustee_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Trustee_inviteHash_key" ON "Trustee"("inviteHash");

-- CreateIndex
CREATE UNIQUE INDEX "Trustee_letterId_position_key" ON "Trustee"("letterId", "position");
