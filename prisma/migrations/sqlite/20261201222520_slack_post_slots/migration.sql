-- CreateTable
CREATE TABLE "SlackPostSlot" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "notBefore" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
