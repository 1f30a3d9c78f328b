-- AlterTable
ALTER TABLE "DigestDelivery" ADD COLUMN     "leaseUntil" TIMESTAMP(3);
