-- CreateTable
CREATE TABLE "TrusteeShare" (
    "letterId" TEXT NOT NULL,
    "signatureId" TEXT NOT NULL,
    "trusteeId" TEXT NOT NULL,
    "sealedShare" BLOB NOT NULL,

    PRIMARY KEY ("signatureId", "trusteeId"),
    CONSTRAINT "TrusteeShare_signatureId_fkey" FOREIGN KEY ("signatureId") REFERENCES "Signature" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TrusteeShare_trusteeId_fkey" FOREIGN KEY ("trusteeId") REFERENCES "Trustee" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TrusteeShare_letterId_idx" ON "TrusteeShare"("letterId");

-- CreateIndex
CREATE INDEX "TrusteeShare_trusteeId_idx" ON "TrusteeShare"("trusteeId");
