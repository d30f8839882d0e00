-- CreateTable
CREATE TABLE "SecretCheck" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecretCheck_pkey" PRIMARY KEY ("name")
);
