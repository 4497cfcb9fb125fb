-- Issue #15 point 5: importing a Zoom account's past webinars (src/backfill). Where each
-- backfill stands (users still to list, the page cursor, the webinars still to import),
-- so a stop, a crash or a retried job resumes at the step it reached.
-- CreateTable
CREATE TABLE "backfills" (
    "id" UUID NOT NULL,
    "portal_id" BIGINT NOT NULL,
    "connection_id" UUID NOT NULL,
    "zoom_user_id" TEXT,
    "days" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "users_to_list" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "users_chosen" BOOLEAN NOT NULL DEFAULT false,
    "page_token" TEXT,
    "pending" JSONB NOT NULL DEFAULT '[]',
    "imported" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "message" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "backfills_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "backfills_portal_id_started_at_idx" ON "backfills"("portal_id", "started_at");

-- CreateIndex
CREATE INDEX "backfills_connection_id_idx" ON "backfills"("connection_id");

-- AddForeignKey
ALTER TABLE "backfills" ADD CONSTRAINT "backfills_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "zoom_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
