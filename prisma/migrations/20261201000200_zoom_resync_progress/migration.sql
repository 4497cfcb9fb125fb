-- "Sync now" re-reads a webinar from Zoom page by page; how far each phase got is kept
-- so a retry resumes there instead of re-reading every page (src/webinars/resync.ts).
-- CreateTable
CREATE TABLE "zoom_resync_progress" (
    "webinar_id" UUID NOT NULL,
    "phase" TEXT NOT NULL,
    "next_page_token" TEXT,
    "pages" INTEGER NOT NULL DEFAULT 0,
    "items" INTEGER NOT NULL DEFAULT 0,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zoom_resync_progress_pkey" PRIMARY KEY ("webinar_id","phase")
);

-- AddForeignKey
ALTER TABLE "zoom_resync_progress" ADD CONSTRAINT "zoom_resync_progress_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE;
