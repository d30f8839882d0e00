-- CreateTable
CREATE TABLE "Letter" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "title" TEXT NOT NULL,
    "addressee" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "organizationName" TEXT NOT NULL,
    "allowedDomains" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "noteToSigners" TEXT,
    "textHash" TEXT,
    "privateSlugHash" BYTEA,
    "wrappedDataKey" BYTEA,
    "signatureCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMP(3),
    "revealedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "countBatchAt" TIMESTAMP(3),
    "batchedCount" INTEGER NOT NULL DEFAULT 0,
    "revealNoticesAt" TIMESTAMP(3),
    "closeNoticesAt" TIMESTAMP(3),

    CONSTRAINT "Letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LetterOrganizer" (
    "letterId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'owner',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LetterOrganizer_pkey" PRIMARY KEY ("letterId","userId")
);

-- CreateTable
CREATE TABLE "Signature" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "emailTag" BYTEA NOT NULL,
    "publicLine" TEXT,
    "sealedIdentity" BYTEA,
    "receiptHash" BYTEA NOT NULL,
    "signedOn" TIMESTAMP(3) NOT NULL,
    "orderKey" TEXT NOT NULL,
    "listed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Signature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningVerification" (
    "id" TEXT NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "letterId" TEXT NOT NULL,
    "emailTag" BYTEA NOT NULL,
    "codeHash" BYTEA NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "verifiedAt" TIMESTAMP(3),

    CONSTRAINT "SigningVerification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorUserId" TEXT,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Letter_privateSlugHash_key" ON "Letter"("privateSlugHash");

-- CreateIndex
CREATE INDEX "Letter_status_deadline_idx" ON "Letter"("status", "deadline");

-- CreateIndex
CREATE INDEX "LetterOrganizer_userId_idx" ON "LetterOrganizer"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Signature_receiptHash_key" ON "Signature"("receiptHash");

-- CreateIndex
CREATE INDEX "Signature_letterId_orderKey_idx" ON "Signature"("letterId", "orderKey");

-- CreateIndex
CREATE UNIQUE INDEX "Signature_letterId_emailTag_key" ON "Signature"("letterId", "emailTag");

-- CreateIndex
CREATE INDEX "SigningVerification_letterId_idx" ON "SigningVerification"("letterId");

-- CreateIndex
CREATE INDEX "AuditEvent_letterId_createdAt_idx" ON "AuditEvent"("letterId", "createdAt");

-- AddForeignKey
ALTER TABLE "LetterOrganizer" ADD CONSTRAINT "LetterOrganizer_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LetterOrganizer" ADD CONSTRAINT "LetterOrganizer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SigningVerification" ADD CONSTRAINT "SigningVerification_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "Letter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
