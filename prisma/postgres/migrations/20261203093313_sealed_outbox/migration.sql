-- AlterTable
ALTER TABLE "OutboxMessage" DROP COLUMN "htmlBody",
DROP COLUMN "recipient",
DROP COLUMN "subject",
DROP COLUMN "textBody",
ADD COLUMN     "keyEpoch" INTEGER,
ADD COLUMN     "sealed" BYTEA;

-- CreateTable
CREATE TABLE "OutboxKey" (
    "epoch" INTEGER NOT NULL,
    "wrappedKey" BYTEA NOT NULL,

    CONSTRAINT "OutboxKey_pkey" PRIMARY KEY ("epoch")
);

-- CreateIndex
CREATE INDEX "OutboxMessage_keyEpoch_idx" ON "OutboxMessage"("keyEpoch");

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_keyEpoch_fkey" FOREIGN KEY ("keyEpoch") REFERENCES "OutboxKey"("epoch") ON DELETE RESTRICT ON UPDATE CASCADE;
