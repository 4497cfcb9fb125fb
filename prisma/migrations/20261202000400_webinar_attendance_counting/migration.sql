-- Issue #15 point 3: how a recurring webinar counts in the four contact properties.
-- "series" (default): the series is one webinar attended; "occurrence": each occurrence
-- a person attended counts as a webinar attended, its average per occurrence.
ALTER TABLE "webinars" ADD COLUMN "attendance_counting" TEXT NOT NULL DEFAULT 'series';
ALTER TABLE "webinars" ADD CONSTRAINT "webinars_attendance_counting_check" CHECK ("attendance_counting" IN ('series', 'occurrence'));
