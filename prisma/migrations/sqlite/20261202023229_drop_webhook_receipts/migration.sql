-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "WebhookReceipt";
PRAGMA foreign_keys=on;
