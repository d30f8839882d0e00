-- AlterTable
ALTER TABLE "Signature" ADD COLUMN "sealedContact" BLOB;
