import { z } from "zod";
import { defineJob } from "../queue/queue";

/**
 * The backfill's two kinds of step, each a job that carries the step number it works
 * (the row's `step`): list one page of a Zoom user's past webinars, or import one webinar.
 * Each recomputes from the row, so a retried, doubled or stale job does nothing twice
 * (src/backfill/steps.ts). One queued job per backfill and step (singletonKey).
 */
const payload = z.object({ backfillId: z.uuid(), step: z.number().int().min(0) });
export type StepPayload = z.infer<typeof payload>;

const retries = {
  policy: "short" as const,
  // 5 s, 10, 20, 40, 80, 160 s: Zoom's rate limit and outages pass; then the backfill ends "failed".
  retryLimit: 6,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 30 * 60,
};

export const backfillListPageJob = defineJob({ name: "backfill-list-page", schema: payload, ...retries });
export const backfillImportWebinarJob = defineJob({ name: "backfill-import-webinar", schema: payload, ...retries });
