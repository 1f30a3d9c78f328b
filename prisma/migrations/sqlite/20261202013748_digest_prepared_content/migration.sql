-- AlterTable
ALTER TABLE "DigestDelivery" ADD COLUMN "content" TEXT;
ALTER TABLE "DigestDelivery" ADD COLUMN "dueAt" DATETIME;
