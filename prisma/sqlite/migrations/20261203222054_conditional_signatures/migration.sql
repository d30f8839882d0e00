-- AlterTable
ALTER TABLE "DecoyReceipt" ADD COLUMN "nameAt" INTEGER;

-- AlterTable
ALTER TABLE "Signature" ADD COLUMN "nameAt" INTEGER;
