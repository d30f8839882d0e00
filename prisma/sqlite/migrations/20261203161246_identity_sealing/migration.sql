-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DecoyReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "publicLine" TEXT,
    "sealedIdentity" BLOB,
    "sealedContact" BLOB,
    "identitySealing" TEXT NOT NULL DEFAULT 'server',
    "receiptHash" BLOB NOT NULL,
    "signedOn" DATETIME NOT NULL,
    "orderKey" TEXT NOT NULL,
    CONSTRAINT "DecoyReceipt_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DecoyReceipt" ("id", "letterId", "orderKey", "publicLine", "receiptHash", "sealedContact", "sealedIdentity", "signedOn") SELECT "id", "letterId", "orderKey", "publicLine", "receiptHash", "sealedContact", "sealedIdentity", "signedOn" FROM "DecoyReceipt";
DROP TABLE "DecoyReceipt";
ALTER TABLE "new_DecoyReceipt" RENAME TO "DecoyReceipt";
CREATE UNIQUE INDEX "DecoyReceipt_receiptHash_key" ON "DecoyReceipt"("receiptHash");
CREATE INDEX "DecoyReceipt_letterId_orderKey_idx" ON "DecoyReceipt"("letterId", "orderKey");
CREATE TABLE "new_Signature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "letterId" TEXT NOT NULL,
    "emailTag" BLOB NOT NULL,
    "publicLine" TEXT,
    "sealedIdentity" BLOB,
    "sealedContact" BLOB,
    "identitySealing" TEXT NOT NULL DEFAULT 'server',
    "receiptHash" BLOB NOT NULL,
    "signedOn" DATETIME NOT NULL,
    "orderKey" TEXT NOT NULL,
    "listed" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Signature_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Signature" ("emailTag", "id", "letterId", "listed", "orderKey", "publicLine", "receiptHash", "sealedContact", "sealedIdentity", "signedOn") SELECT "emailTag", "id", "letterId", "listed", "orderKey", "publicLine", "receiptHash", "sealedContact", "sealedIdentity", "signedOn" FROM "Signature";
DROP TABLE "Signature";
ALTER TABLE "new_Signature" RENAME TO "Signature";
CREATE UNIQUE INDEX "Signature_receiptHash_key" ON "Signature"("receiptHash");
CREATE INDEX "Signature_letterId_orderKey_idx" ON "Signature"("letterId", "orderKey");
CREATE INDEX "Signature_letterId_id_idx" ON "Signature"("letterId", "id");
CREATE UNIQUE INDEX "Signature_letterId_emailTag_key" ON "Signature"("letterId", "emailTag");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
