import { z } from "zod";
import { defineJob, type EnqueueOptions, type JobQueue } from "./queue";

/**
 * "This webinar's recorded facts changed: bring HubSpot up to date." Enqueued by the
 * webhook processing (src/webinars), the settings (src/settings) and the workflow action;
 * worked by src/sync (src/sync/worker.ts). One queued job per webinar at a time
 * (singletonKey), so a burst of events makes one sync. Defined here, beside the queue,
 * rather than in src/sync: the folders that ask for a sync then need nothing of the sync
 * (no folder cycle), only this message.
 */
export const syncWebinarJob = defineJob({
  name: "sync-webinar",
  policy: "short",
  schema: z.object({ webinarId: z.uuid() }),
  retryLimit: 8,
  retryDelaySeconds: 10,
  retryBackoff: true,
  expireInSeconds: 60 * 60,
});

export function requestWebinarSync(queue: JobQueue, webinarId: string, options: Pick<EnqueueOptions, "tx"> = {}) {
  return queue.enqueue(syncWebinarJob, { webinarId }, { ...options, singletonKey: webinarId });
}
