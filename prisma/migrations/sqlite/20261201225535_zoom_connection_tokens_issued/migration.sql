-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN "tokensIssuedAt" DATETIME;
