-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "listedLines" TEXT;

-- CreateTable
CREATE TABLE "DecoyReceipt" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "publicLine" TEXT,
    "sealedIdentity" BYTEA,
    "sealedContact" BYTEA,
    "receiptHash" BYTEA NOT NULL,
    "signedOn" TIMESTAMP(3) NOT NULL,
    "orderKey" TEXT NOT NULL,

    CONSTRAINT "DecoyReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DecoyReceipt_receiptHash_key" ON "DecoyReceipt"("receiptHash");

-- CreateIndex
CREATE INDEX "DecoyReceipt_letterId_orderKey_idx" ON "DecoyReceipt"("letterId", "orderKey");

-- AddForeignKey
ALTER TABLE "DecoyReceipt" ADD CONSTRAINT "DecoyReceipt_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
