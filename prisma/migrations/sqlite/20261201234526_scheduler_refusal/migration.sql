-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN "schedulerRefusedAt" DATETIME;
