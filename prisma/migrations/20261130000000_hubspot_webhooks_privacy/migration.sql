-- HubSpot webhooks, privacy deletions, Zoom deauthorization and webhook retention
-- (CONTRACT.md §3 "HubSpot webhooks", §10).

-- AlterTable: raw Zoom bodies are emptied after the retention period; the keys stay.
ALTER TABLE "webhook_events" ALTER COLUMN "payload" DROP NOT NULL;

-- AlterTable
ALTER TABLE "zoom_connections" ADD COLUMN "deauthorized_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "hubspot_webhook_events" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "portal_id" BIGINT NOT NULL,
    "subscription_type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "outcome" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "hubspot_webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "privacy_tombstones" (
    "portal_id" BIGINT NOT NULL,
    "email_hash" TEXT NOT NULL,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "privacy_tombstones_pkey" PRIMARY KEY ("portal_id","email_hash")
);

-- CreateIndex
CREATE INDEX "webhook_events_processed_at_idx" ON "webhook_events"("processed_at");

-- CreateIndex
CREATE UNIQUE INDEX "hubspot_webhook_events_dedupe_key_key" ON "hubspot_webhook_events"("dedupe_key");

-- CreateIndex
CREATE INDEX "hubspot_webhook_events_processed_at_idx" ON "hubspot_webhook_events"("processed_at");

-- AddForeignKey
ALTER TABLE "privacy_tombstones" ADD CONSTRAINT "privacy_tombstones_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("hub_id") ON DELETE CASCADE ON UPDATE CASCADE;
