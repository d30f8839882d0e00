-- AlterTable
ALTER TABLE "Letter" ADD COLUMN "listedLines" TEXT;

-- CreateTable
CREATE TABLE "DecoyReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "publicLine" TEXT,
    "sealedIdentity" BLOB,
    "sealedContact" BLOB,
    "receiptHash" BLOB NOT NULL,
    "signedOn" DATETIME NOT NULL,
    "orderKey" TEXT NOT NULL,
    CONSTRAINT "DecoyReceipt_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "DecoyReceipt_receiptHash_key" ON "DecoyReceipt"("receiptHash");

-- CreateIndex
CREATE INDEX "DecoyReceipt_letterId_orderKey_idx" ON "DecoyReceipt"("letterId", "orderKey");
