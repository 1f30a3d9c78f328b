-- CreateTable
CREATE TABLE "ConnectionAlert" (
    "connectionId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "firstSentAt" TIMESTAMP(3) NOT NULL,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "dismissedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionAlert_pkey" PRIMARY KEY ("connectionId")
);

-- CreateIndex
CREATE INDEX "ConnectionAlert_teamId_slackUserId_idx" ON "ConnectionAlert"("teamId", "slackUserId");
