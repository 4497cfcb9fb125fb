-- CreateEnum
CREATE TYPE "sync_scope" AS ENUM ('none', 'all', 'selected');

-- CreateEnum
CREATE TYPE "connection_status" AS ENUM ('active', 'needs_reauth', 'disconnected');

-- CreateTable
CREATE TABLE "portals" (
    "hub_id" BIGINT NOT NULL,
    "installed_by_user_id" BIGINT NOT NULL,
    "scopes" TEXT[],
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMPTZ(3),
    "access_token_enc" TEXT,
    "refresh_token_enc" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "webinar_sync_enabled" BOOLEAN NOT NULL DEFAULT false,
    "webinar_sync_scope" "sync_scope" NOT NULL DEFAULT 'none',
    "selected_zoom_user_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "excluded_host_domains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "excluded_contact_domains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portals_pkey" PRIMARY KEY ("hub_id")
);

-- CreateTable
CREATE TABLE "zoom_connections" (
    "id" UUID NOT NULL,
    "portal_id" BIGINT NOT NULL,
    "account_id" TEXT NOT NULL,
    "zoom_user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "scopes" TEXT[],
    "status" "connection_status" NOT NULL DEFAULT 'active',
    "access_token_enc" TEXT,
    "refresh_token_enc" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "connected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disconnected_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "zoom_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zoom_users" (
    "connection_id" UUID NOT NULL,
    "zoom_user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL DEFAULT '',
    "sync_new_webinars_by_default" BOOLEAN NOT NULL DEFAULT true,
    "sync_recordings_and_transcripts" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "zoom_users_pkey" PRIMARY KEY ("connection_id","zoom_user_id")
);

-- CreateTable
CREATE TABLE "webinars" (
    "id" UUID NOT NULL,
    "connection_id" UUID NOT NULL,
    "zoom_webinar_id" TEXT NOT NULL,
    "uuid" TEXT,
    "topic" TEXT NOT NULL DEFAULT '',
    "start_time" TIMESTAMPTZ(3),
    "duration_minutes" INTEGER,
    "timezone" TEXT,
    "host_id" TEXT,
    "host_email" TEXT,
    "alternative_hosts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "join_url" TEXT,
    "registration_url" TEXT,
    "actual_start_time" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "sync_enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_sync_at" TIMESTAMPTZ(3),
    "last_sync_status" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webinars_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registrants" (
    "id" UUID NOT NULL,
    "webinar_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "first_name" TEXT NOT NULL DEFAULT '',
    "last_name" TEXT NOT NULL DEFAULT '',
    "zoom_registrant_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'approved',
    "join_url" TEXT,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "registrants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant_events" (
    "id" UUID NOT NULL,
    "webinar_id" UUID NOT NULL,
    "instance_uuid" TEXT NOT NULL DEFAULT '',
    "participant_key" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT NOT NULL DEFAULT '',
    "registrant_id" TEXT,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recordings" (
    "id" UUID NOT NULL,
    "webinar_id" UUID NOT NULL,
    "instance_uuid" TEXT NOT NULL,
    "share_url" TEXT,
    "start_time" TIMESTAMPTZ(3),
    "duration_minutes" INTEGER,
    "files" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "transcript_vtt" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" UUID NOT NULL,
    "tracking_id" TEXT,
    "business_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "account_id" TEXT,
    "event_ts" BIGINT,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workflow_calls" (
    "callback_id" TEXT NOT NULL,
    "portal_id" BIGINT NOT NULL,
    "state" TEXT NOT NULL,
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "workflow_calls_pkey" PRIMARY KEY ("callback_id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL,
    "portal_id" BIGINT NOT NULL,
    "webinar_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "sid" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "oauth_states" (
    "nonce" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oauth_states_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE UNIQUE INDEX "zoom_connections_portal_id_key" ON "zoom_connections"("portal_id");

-- CreateIndex
CREATE INDEX "zoom_connections_account_id_idx" ON "zoom_connections"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "webinars_connection_id_zoom_webinar_id_key" ON "webinars"("connection_id", "zoom_webinar_id");

-- CreateIndex
CREATE UNIQUE INDEX "registrants_webinar_id_email_key" ON "registrants"("webinar_id", "email");

-- CreateIndex
CREATE INDEX "participant_events_webinar_id_email_idx" ON "participant_events"("webinar_id", "email");

-- CreateIndex
CREATE UNIQUE INDEX "participant_events_webinar_id_participant_key_kind_at_key" ON "participant_events"("webinar_id", "participant_key", "kind", "at");

-- CreateIndex
CREATE UNIQUE INDEX "recordings_webinar_id_instance_uuid_key" ON "recordings"("webinar_id", "instance_uuid");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_tracking_id_key" ON "webhook_events"("tracking_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_business_key_key" ON "webhook_events"("business_key");

-- CreateIndex
CREATE INDEX "webhook_events_status_received_at_idx" ON "webhook_events"("status", "received_at");

-- CreateIndex
CREATE INDEX "audit_entries_webinar_id_at_idx" ON "audit_entries"("webinar_id", "at");

-- CreateIndex
CREATE INDEX "audit_entries_portal_id_at_idx" ON "audit_entries"("portal_id", "at");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "oauth_states_expires_at_idx" ON "oauth_states"("expires_at");

-- AddForeignKey
ALTER TABLE "zoom_connections" ADD CONSTRAINT "zoom_connections_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("hub_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zoom_users" ADD CONSTRAINT "zoom_users_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "zoom_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webinars" ADD CONSTRAINT "webinars_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "zoom_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registrants" ADD CONSTRAINT "registrants_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant_events" ADD CONSTRAINT "participant_events_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_calls" ADD CONSTRAINT "workflow_calls_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("hub_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("hub_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE;
