-- CreateIndex
CREATE INDEX "Signature_letterId_identitySealing_id_idx" ON "Signature"("letterId", "identitySealing", "id");
