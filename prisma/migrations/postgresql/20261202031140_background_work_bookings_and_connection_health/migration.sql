-- AlterTable
ALTER TABLE "SlackUser" ADD COLUMN     "noShowPrompts" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "ZoomConnection" ADD COLUMN     "lastVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "schedulerRefusedAt" TIMESTAMP(3),
ADD COLUMN     "tokensIssuedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "DigestDelivery" ADD COLUMN     "content" TEXT,
ADD COLUMN     "dueAt" TIMESTAMP(3),
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

-- DropTable
DROP TABLE "WebhookReceipt";

-- CreateTable
CREATE TABLE "BackgroundJob" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payloadEnc" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 10,
    "runAfter" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BackgroundJob_pkey" PRIMARY KEY ("id")
);

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

-- CreateTable
CREATE TABLE "SlackPostSlot" (
    "key" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackPostSlot_pkey" PRIMARY KEY ("key")
);

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
