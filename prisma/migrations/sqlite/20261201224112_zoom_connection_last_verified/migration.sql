-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN "lastVerifiedAt" DATETIME;
