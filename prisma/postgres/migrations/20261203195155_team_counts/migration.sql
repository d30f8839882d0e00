-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "teamCounts" TEXT,
ADD COLUMN     "teams" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Signature" ADD COLUMN     "team" INTEGER;
