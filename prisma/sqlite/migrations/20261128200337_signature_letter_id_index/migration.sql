-- CreateIndex
CREATE INDEX "Signature_letterId_id_idx" ON "Signature"("letterId", "id");
