import { z } from "zod";
import { defineJob } from "../queue/queue";

/**
 * "Turn these recorded Zoom events into facts", worked by src/webinars. Enqueued by the
 * intake in the same transaction that records the events (one job per intake
 * transaction, so a burst costs one job per batch rather than per event). Each event is processed on its own:
 * one that cannot be applied ends `failed` at once; one that hits a passing problem
 * (Zoom or the database unavailable) makes the job retry with backoff for about eight
 * minutes, skipping the events already done; when retries run out it ends `failed`
 * with a log line and an audit entry. The other events go on either way.
 */
export const processWebhookEventsJob = defineJob({
  name: "zoom-webhook-events",
  schema: z.object({ eventIds: z.array(z.uuid()).min(1).max(500) }),
  retryLimit: 8,
  retryDelaySeconds: 2,
  retryBackoff: true,
  expireInSeconds: 10 * 60,
});
