import { z } from "zod";
import { defineJob } from "../queue/queue";

/**
 * "Turn these recorded Zoom events into facts." Enqueued by the intake in the same
 * transaction that records the events (one job per intake transaction, so a burst
 * costs one job per batch rather than per event). Each event is processed on its own:
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

/**
 * "Read this webinar instance's attendance from Zoom's participants API." After
 * `webinar.ended`, because join/leave webhooks can be late, doubled or lost.
 */
export const reconcileAttendanceJob = defineJob({
  name: "zoom-reconcile-attendance",
  schema: z.object({ webinarId: z.uuid(), instanceUuid: z.string().min(1) }),
  // 30 s, 1, 2, 4, 8, 16 min: Zoom's report can lag the end of a webinar.
  retryLimit: 6,
  retryDelaySeconds: 30,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
});
