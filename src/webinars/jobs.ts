import { z } from "zod";
import { defineJob } from "../queue/queue";

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
