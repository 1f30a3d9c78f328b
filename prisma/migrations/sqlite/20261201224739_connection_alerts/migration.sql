-- CreateTable
CREATE TABLE "ConnectionAlert" (
    "connectionId" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "firstSentAt" DATETIME NOT NULL,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "dismissedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ConnectionAlert_teamId_slackUserId_idx" ON "ConnectionAlert"("teamId", "slackUserId");
