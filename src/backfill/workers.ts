import { backfillImportWebinarJob, backfillListPageJob } from "./jobs";
import { importWebinarStep, listPageStep, stepExhausted, type BackfillDeps } from "./steps";

/**
 * The backfill's workers: one step at a time per process (concurrency 1), so a backfill
 * imports one webinar at a time and its HubSpot syncs queue behind the others' at the
 * HubSpot writer's rate budget (src/hubspot/budget.ts).
 */
export async function startBackfillWorkers(s: BackfillDeps): Promise<void> {
  const onExhausted = (data: { backfillId: string; step: number }, err: unknown) => stepExhausted(s, data, err);
  await s.queue.work(backfillListPageJob, (data) => listPageStep(s, data), { concurrency: 1, onExhausted });
  await s.queue.work(backfillImportWebinarJob, (data) => importWebinarStep(s, data), { concurrency: 1, onExhausted });
}
