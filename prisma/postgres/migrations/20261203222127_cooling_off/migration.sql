-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "batchedCoolingOffEndsAt" TIMESTAMP(3),
ADD COLUMN     "coolingOffEndsAt" TIMESTAMP(3),
ADD COLUMN     "coolingOffHours" INTEGER NOT NULL DEFAULT 48,
ADD COLUMN     "coolingOffNoticesAt" TIMESTAMP(3),
ADD COLUMN     "coolingOffSignersToldAt" TIMESTAMP(3);
