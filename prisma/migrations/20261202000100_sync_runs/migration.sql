-- One row per sync of a webinar to HubSpot ("Sync now" or automatic): queued → running
-- (written of total people) → synced | partly_synced | failed | no_changes | skipped,
-- with what it wrote and excluded (counts) and a message in plain words (src/sync/runs.ts).
-- CreateTable
CREATE TABLE "sync_runs" (
    "id" UUID NOT NULL,
    "portal_id" BIGINT NOT NULL,
    "webinar_id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "job_id" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "written" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "message" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sync_runs_job_id_key" ON "sync_runs"("job_id");

-- CreateIndex: the latest run per webinar (the settings list, GET /api/webinars/:id/runs).
CREATE INDEX "sync_runs_webinar_id_queued_at_idx" ON "sync_runs"("webinar_id", "queued_at" DESC);

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE;
