-- DropTable
DROP TABLE "WebhookReceipt";
