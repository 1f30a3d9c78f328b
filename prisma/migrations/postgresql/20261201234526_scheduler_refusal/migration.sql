-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN     "schedulerRefusedAt" TIMESTAMP(3);
