-- CreateTable
CREATE TABLE "SlackPostSlot" (
    "key" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackPostSlot_pkey" PRIMARY KEY ("key")
);
