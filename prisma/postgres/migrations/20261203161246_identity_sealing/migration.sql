-- AlterTable
ALTER TABLE "DecoyReceipt" ADD COLUMN     "identitySealing" TEXT NOT NULL DEFAULT 'server';

-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "identitySealing" TEXT NOT NULL DEFAULT 'server';
