-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "sealedContact" BYTEA;
