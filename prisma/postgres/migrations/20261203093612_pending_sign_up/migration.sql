-- AlterTable
ALTER TABLE "EmailVerification" ADD COLUMN     "sealedRequest" BYTEA;

-- Accounts whose address was never verified come from sign-ups before decision 013,
-- which anyone could make for anyone's address (a squat). Sign-up now creates an
-- account only once its code is typed, so these go, with what hangs on them.
DELETE FROM "EmailVerification" WHERE "userId" IN (SELECT "id" FROM "User" WHERE "emailVerifiedAt" IS NULL);
DELETE FROM "Session" WHERE "userId" IN (SELECT "id" FROM "User" WHERE "emailVerifiedAt" IS NULL);
DELETE FROM "PasswordReset" WHERE "userId" IN (SELECT "id" FROM "User" WHERE "emailVerifiedAt" IS NULL);
DELETE FROM "SecurityEvent" WHERE "userId" IN (SELECT "id" FROM "User" WHERE "emailVerifiedAt" IS NULL);
DELETE FROM "LetterOrganizer" WHERE "userId" IN (SELECT "id" FROM "User" WHERE "emailVerifiedAt" IS NULL);
DELETE FROM "User" WHERE "emailVerifiedAt" IS NULL;
