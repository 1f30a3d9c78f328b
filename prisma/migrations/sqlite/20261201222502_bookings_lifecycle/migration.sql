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
CREATE INDEX "SeenBooking_zoomUserId_bookedAt_idx" ON "SeenBooking"("zoomUserId", "bookedAt");

-- CreateIndex
CREATE INDEX "SeenBooking_status_endAt_idx" ON "SeenBooking"("status", "endAt");

-- CreateIndex
CREATE UNIQUE INDEX "SeenBooking_zoomEventId_zoomUserId_inviteeKey_key" ON "SeenBooking"("zoomEventId", "zoomUserId", "inviteeKey");

-- CreateIndex
CREATE UNIQUE INDEX "NotifyRoute_teamId_slackUserId_scheduleId_key" ON "NotifyRoute"("teamId", "slackUserId", "scheduleId");
