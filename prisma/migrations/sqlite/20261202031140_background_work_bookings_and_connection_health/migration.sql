-- DropIndex
DROP INDEX "WebhookReceipt_receivedAt_idx";

-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN "lastVerifiedAt" DATETIME;
ALTER TABLE "ZoomConnection" ADD COLUMN "schedulerRefusedAt" DATETIME;
ALTER TABLE "ZoomConnection" ADD COLUMN "tokensIssuedAt" DATETIME;

-- AlterTable
ALTER TABLE "DigestDelivery" ADD COLUMN "content" TEXT;
ALTER TABLE "DigestDelivery" ADD COLUMN "dueAt" DATETIME;
ALTER TABLE "DigestDelivery" ADD COLUMN "leaseUntil" DATETIME;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "WebhookReceipt";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "BackgroundJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payloadEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 10,
    "runAfter" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "leaseOwner" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SeenBooking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "zoomEventId" TEXT NOT NULL,
    "zoomUserId" TEXT NOT NULL,
    "inviteeKey" TEXT NOT NULL,
    "inviteeEmail" TEXT,
    "inviteeName" TEXT NOT NULL,
    "scheduleKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startAt" DATETIME NOT NULL,
    "endAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "utmSource" TEXT,
    "attributedChannel" TEXT,
    "attributedScheduleId" TEXT,
    "rescheduledToEventId" TEXT,
    "noShowPromptedAt" DATETIME,
    "noShowAnswer" TEXT,
    "bookedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NotifyRoute" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "scheduleTitle" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SlackPostSlot" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "notBefore" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

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

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SlackUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "tz" TEXT,
    "tzReadAt" DATETIME,
    "notifyChannelId" TEXT,
    "noShowPrompts" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SlackUser" ("createdAt", "id", "notifyChannelId", "slackUserId", "teamId", "tz", "tzReadAt", "updatedAt") SELECT "createdAt", "id", "notifyChannelId", "slackUserId", "teamId", "tz", "tzReadAt", "updatedAt" FROM "SlackUser";
DROP TABLE "SlackUser";
ALTER TABLE "new_SlackUser" RENAME TO "SlackUser";
CREATE UNIQUE INDEX "SlackUser_teamId_slackUserId_key" ON "SlackUser"("teamId", "slackUserId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "BackgroundJob_dedupeKey_key" ON "BackgroundJob"("dedupeKey");

-- CreateIndex
CREATE INDEX "BackgroundJob_status_runAfter_idx" ON "BackgroundJob"("status", "runAfter");

-- CreateIndex
CREATE INDEX "BackgroundJob_status_leaseUntil_idx" ON "BackgroundJob"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "SeenBooking_zoomUserId_bookedAt_idx" ON "SeenBooking"("zoomUserId", "bookedAt");

-- CreateIndex
CREATE INDEX "SeenBooking_status_endAt_idx" ON "SeenBooking"("status", "endAt");

-- CreateIndex
CREATE UNIQUE INDEX "SeenBooking_zoomEventId_zoomUserId_inviteeKey_key" ON "SeenBooking"("zoomEventId", "zoomUserId", "inviteeKey");

-- CreateIndex
CREATE UNIQUE INDEX "NotifyRoute_teamId_slackUserId_scheduleId_key" ON "NotifyRoute"("teamId", "slackUserId", "scheduleId");

-- CreateIndex
CREATE INDEX "ConnectionAlert_teamId_slackUserId_idx" ON "ConnectionAlert"("teamId", "slackUserId");
