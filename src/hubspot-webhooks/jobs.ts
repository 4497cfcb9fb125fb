import { z } from "zod";
import { defineJob } from "../queue/queue";

/**
 * "Apply these recorded HubSpot webhook events." Enqueued by the intake in the same
 * transaction that records them (one job per request). Each event is applied once: an
 * event no longer pending is skipped, so a job run twice changes nothing.
 */
export const processHubSpotWebhookEventsJob = defineJob({
  name: "hubspot-webhook-events",
  schema: z.object({ eventIds: z.array(z.uuid()).min(1).max(1000) }),
  retryLimit: 8,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 10 * 60,
});
