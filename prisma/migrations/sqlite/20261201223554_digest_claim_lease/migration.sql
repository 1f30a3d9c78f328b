-- AlterTable
ALTER TABLE "DigestDelivery" ADD COLUMN "leaseUntil" DATETIME;
