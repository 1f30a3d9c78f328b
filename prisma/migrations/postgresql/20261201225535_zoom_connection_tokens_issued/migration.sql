-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN     "tokensIssuedAt" TIMESTAMP(3);
