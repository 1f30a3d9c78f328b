-- AlterTable
ALTER TABLE "DigestDelivery" ADD COLUMN     "content" TEXT,
ADD COLUMN     "dueAt" TIMESTAMP(3);
