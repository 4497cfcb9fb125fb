-- Issue #15: a webinar that belongs to Zoom Events is never synced (null: Zoom did not
-- say), and a recurring webinar's occurrences as Zoom lists them, so the workflow action
-- can register for the next one and the marketing event covers the whole series.
ALTER TABLE "webinars" ADD COLUMN "zoom_events" BOOLEAN;
ALTER TABLE "webinars" ADD COLUMN "occurrences" JSONB NOT NULL DEFAULT '[]';
