-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "trusteeThreshold" INTEGER;

-- CreateTable
CREATE TABLE "Trustee" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "sealedEmail" BYTEA,
    "inviteHash" BYTEA,
    "publicKey" BYTEA,
    "keyRegisteredAt" TIMESTAMP(3),
    "releasedAt" TIMESTAMP(3),
    "refusedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Trustee_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Trustee_inviteHash_key" ON "Trustee"("inviteHash");

-- CreateIndex
CREATE UNIQUE INDEX "Trustee_letterId_position_key" ON "Trustee"("letterId", "position");

-- AddForeignKey
ALTER TABLE "Trustee" ADD CONSTRAINT "Trustee_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
