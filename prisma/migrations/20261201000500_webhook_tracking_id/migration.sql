-- A Zoom tracking id seen again with a different event is that other event: it is
-- recorded. Redeliveries are recognised by business_key alone (still unique); the
-- tracking id stays, indexed, for information.
DROP INDEX "webhook_events_tracking_id_key";

CREATE INDEX "webhook_events_tracking_id_idx" ON "webhook_events"("tracking_id");
