-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "claimToken" TEXT;
