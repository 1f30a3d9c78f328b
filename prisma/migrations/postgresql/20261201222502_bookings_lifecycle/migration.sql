-- AlterTable
ALTER TABLE "SlackUser" ADD COLUMN     "noShowPrompts" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "SeenBooking" (
    "id" TEXT NOT NULL,
    "zoomEventId" TEXT NOT NULL,
    "zoomUserId" TEXT NOT NULL,
    "inviteeKey" TEXT NOT NULL,
    "inviteeEmail" TEXT,
    "inviteeName" TEXT NOT NULL,
    "scheduleKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "utmSource" TEXT,
    "attributedChannel" TEXT,
    "attributedScheduleId" TEXT,
    "rescheduledToEventId" TEXT,
    "noShowPromptedAt" TIMESTAMP(3),
    "noShowAnswer" TEXT,
    "bookedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeenBooking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotifyRoute" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "scheduleTitle" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotifyRoute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SeenBooking_zoomUserId_bookedAt_idx" ON "SeenBooking"("zoomUserId", "bookedAt");

-- CreateIndex
CREATE INDEX "SeenBooking_status_endAt_idx" ON "SeenBooking"("status", "endAt");

-- CreateIndex
CREATE UNIQUE INDEX "SeenBooking_zoomEventId_zoomUserId_inviteeKey_key" ON "SeenBooking"("zoomEventId", "zoomUserId", "inviteeKey");

-- CreateIndex
CREATE UNIQUE INDEX "NotifyRoute_teamId_slackUserId_scheduleId_key" ON "NotifyRoute"("teamId", "slackUserId", "scheduleId");
