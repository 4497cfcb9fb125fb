import { isZoomPermanent } from "../zoom/errors";
import { appendAudit } from "../audit/audit";
import type { WebinarsDeps } from "./deps";
import { markEventFailed } from "./failure";
import { PermanentEventError } from "./handlers";
import { processWebhookEventsJob } from "../webhooks/jobs";
import { noteWebhookEventError, pendingWebhookEvents } from "../webhooks/repository";
import { reconcileAttendanceJob } from "./jobs";
import { processWebhookEvent } from "./process-event";
import { reconcileAttendance } from "./reconcile";
import { findWebinarWithConnection } from "./repository/webinars";

/**
 * The workers that turn recorded Zoom events into facts, and reconcile attendance
 * after a webinar ends.
 */
export async function startWebinarWorkers(s: WebinarsDeps): Promise<void> {
  await s.queue.work(processWebhookEventsJob, ({ eventIds }) => processEvents(s, eventIds), {
    concurrency: 4,
    onExhausted: ({ eventIds }, err) => failStillPending(s, eventIds, err),
  });

  await s.queue.work(
    reconcileAttendanceJob,
    async ({ webinarId, instanceUuid }, ctx) => {
      const { found } = await reconcileAttendance(s, webinarId, instanceUuid);
      if (found) return;
      // Zoom's participant data can take a while after the end: ask again later.
      if (!ctx.isLastAttempt) throw new Error(`Zoom has no participant data for ${instanceUuid} yet`);
      await noAttendanceData(s, webinarId);
    },
    { concurrency: 2 },
  );
}

async function noAttendanceData(s: Pick<WebinarsDeps, "db">, webinarId: string) {
  const webinar = await findWebinarWithConnection(s.db.prisma, webinarId);
  if (!webinar) return;
  await appendAudit(s.db.prisma, {
    portalId: webinar.connection.portalId,
    webinarId,
    level: "warning",
    code: "ATTENDEES_NOT_SYNCED",
    message: "Zoom has no participant data for this webinar, so its attendance could not be checked",
    details: { reason: "no_participant_data" },
  });
}

/** Events processed at the same time within one job. */
const EVENTS_AT_ONCE = 4;

/**
 * Each event on its own: a bad payload or a request Zoom refuses for good
 * (src/zoom/errors.ts) fails that event at once (retrying cannot help); any other
 * error (transient, auth, database) leaves it pending and, once the others are done, fails the
 * attempt so the job retries, skipping the events that are no longer pending.
 */
async function processEvents(s: WebinarsDeps, eventIds: string[]): Promise<void> {
  const retry: { eventId: string; err: unknown }[] = [];
  let next = 0;
  const lane = async () => {
    while (next < eventIds.length) {
      const eventId = eventIds[next++] as string;
      try {
        await processWebhookEvent(s, eventId);
      } catch (err) {
        if (err instanceof PermanentEventError || isZoomPermanent(err)) {
          await markEventFailed(s, eventId, err);
          continue;
        }
        retry.push({ eventId, err });
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        await noteWebhookEventError(s.db.prisma, eventId, message).catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(EVENTS_AT_ONCE, eventIds.length) }, lane));
  const [first] = retry;
  if (!first) return;
  if (retry.length === 1) throw first.err;
  throw new Error(`${retry.length} Zoom events will be retried; first: ${String((first.err as Error | undefined)?.message ?? first.err)}`);
}

/** Retries ran out: every event of the job still pending ends failed. */
async function failStillPending(s: Pick<WebinarsDeps, "db" | "logger">, eventIds: string[], err: unknown) {
  const pending = await pendingWebhookEvents(s.db.prisma, eventIds);
  for (const e of pending) await markEventFailed(s, e.id, e.error ?? err);
}
