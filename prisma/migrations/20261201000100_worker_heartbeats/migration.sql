-- Crash recovery (issue #12): every process that works jobs keeps a heartbeat here with
-- the pg-boss job ids it is running; a job still active in pg-boss whose holder stopped
-- beating is run again (src/queue/recovery.ts).

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "id" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "job_ids" UUID[] DEFAULT ARRAY[]::UUID[],

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("id")
);
