-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN     "lastVerifiedAt" TIMESTAMP(3);
