import type { JobQueue } from "../queue/queue";
import { backfillImportWebinarJob, backfillListPageJob } from "./jobs";
import { finish, pendingOf, type Backfill, type Tx } from "./repository";

/**
 * What a running backfill does next, read from its row: choose and list the Zoom users
 * first, then import the webinars found one at a time, then it is done. Called in the
 * transaction that wrote the row, so the next job exists exactly when the step it follows does.
 */
export async function scheduleNext(queue: JobQueue, tx: Tx, b: Backfill): Promise<void> {
  if (b.status !== "running") return;
  const job = !b.usersChosen || b.usersToList.length > 0 ? backfillListPageJob : pendingOf(b).length > 0 ? backfillImportWebinarJob : undefined;
  if (job) {
    await queue.enqueue(job, { backfillId: b.id, step: b.step }, { tx, singletonKey: `${b.id}:${b.step}` });
    return;
  }
  const n = b.imported.length;
  await finish(tx, b.id, "done", `Imported ${n} past ${n === 1 ? "webinar" : "webinars"} of the last ${b.days} days.`);
}

/** What an admin sees of a backfill (GET /api/backfill/:backfillId, CONTRACT.md §11). */
export function backfillView(b: Backfill) {
  const pending = pendingOf(b);
  const running = b.status === "running";
  return {
    backfillId: b.id,
    status: b.status,
    zoomUserId: b.zoomUserId,
    days: b.days,
    since: b.since.toISOString(),
    webinarsFound: pending.length + b.imported.length,
    webinarsImported: b.imported.length,
    /** listing | importing while it runs. */
    phase: running ? (!b.usersChosen || b.usersToList.length > 0 ? "listing" : "importing") : null,
    currentWebinar: running && pending[0] ? { webinarId: pending[0].id, topic: pending[0].topic } : null,
    message: b.message,
    startedAt: b.startedAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}
export type BackfillView = ReturnType<typeof backfillView>;
