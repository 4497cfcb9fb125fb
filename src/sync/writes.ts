import type { PrismaClient } from "../db/database";
import { upsertContactsByEmail } from "../hubspot/contacts";
import { recordAttendance, upsertMarketingEvent, type MarketingEventInput } from "../hubspot/marketing-events";
import { chunk, inPool, type HubSpotWriter } from "../hubspot/writer";
import { HttpError } from "../lib/http-client";
import type { SyncContext } from "./context";
import { fingerprint, saveMarks, saveWrittenContacts, type Mark } from "./marks";
import type { AttendanceWrite, ContactWrite } from "./people";
import type { SyncReport } from "./report";

/**
 * The batched writes of a webinar's sync. Each batch is recorded as written as soon as
 * HubSpot accepted it. A batch HubSpot refuses for its content (4xx other than 429) is
 * reported and skipped, so one bad record cannot block the rest; anything else (429,
 * 5xx, network, after the writer's retries) stops the sync, which is retried and
 * resumes where it stopped.
 */
const refused = (err: unknown) => err instanceof HttpError && err.status >= 400 && err.status < 500 && err.status !== 429;

export function marketingEventOf(ctx: SyncContext): MarketingEventInput {
  const w = ctx.webinar;
  const start = w.actualStartTime ?? w.startTime;
  const end = w.endedAt ?? (start && w.durationMinutes ? new Date(start.getTime() + w.durationMinutes * 60_000) : null);
  return {
    externalAccountId: ctx.connection.accountId,
    externalEventId: w.zoomWebinarId,
    eventName: w.topic || `Zoom webinar ${w.zoomWebinarId}`,
    eventOrganizer: w.hostEmail ?? "Zoom",
    eventType: "WEBINAR",
    ...(start && { startDateTime: start.toISOString() }),
    ...(end && { endDateTime: end.toISOString() }),
    ...((w.registrationUrl ?? w.joinUrl) && { eventUrl: (w.registrationUrl ?? w.joinUrl)! }),
    eventCancelled: w.deletedAt !== null,
    eventCompleted: w.endedAt !== null,
  };
}

/** One marketing event per webinar, upserted when it changed. */
export async function syncMarketingEvent(prisma: PrismaClient, writer: HubSpotWriter, ctx: SyncContext, marks: Map<string, Mark>, force: boolean) {
  const event = marketingEventOf(ctx);
  const print = fingerprint(event);
  if (!force && marks.get("event:webinar")?.fingerprint === print) return;
  await upsertMarketingEvent(writer, event);
  await saveMarks(prisma, ctx.webinar.id, "event", [{ key: "webinar", fingerprint: print }]);
}

/** Upserts contacts by email, 100 per call; returns the emails HubSpot refused. */
export async function writeContacts(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  contacts: ContactWrite[],
  concurrency: number,
  report: SyncReport,
): Promise<Set<string>> {
  const failed = new Set<string>();
  await inPool(chunk(contacts), concurrency, async (batch) => {
    let ids: Map<string, string>;
    try {
      ids = await upsertContactsByEmail(writer, batch);
    } catch (err) {
      if (!refused(err)) throw err;
      for (const c of batch) failed.add(c.email);
      report.error("property_update_failed", `HubSpot refused to update some contacts and their Zoom properties: ${(err as Error).message}`, batch.length);
      return;
    }
    await saveWrittenContacts(
      prisma,
      writer.portalId,
      batch.map((c) => ({ email: c.email, hubspotId: ids.get(c.email) ?? null, fingerprint: c.fingerprint })),
    );
  });
  return failed;
}

/** Register and attend records, then cancellations (a cancel must land after its register). */
export async function writeAttendance(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  ctx: SyncContext,
  writes: AttendanceWrite[],
  concurrency: number,
  report: SyncReport,
) {
  const event = { externalAccountId: ctx.connection.accountId, externalEventId: ctx.webinar.zoomWebinarId };
  const batches = (states: string[]) =>
    states.flatMap((state) => chunk(writes.filter((w) => w.state === state)));
  for (const group of [batches(["register", "attend"]), batches(["cancel"])]) {
    await inPool(group, concurrency, async (batch) => {
      const state = batch[0].state;
      try {
        await recordAttendance(writer, event, state, batch);
      } catch (err) {
        if (!refused(err)) throw err;
        report.error("attendance_failed", `HubSpot refused some marketing event ${state} records: ${(err as Error).message}`, batch.length);
        return;
      }
      await saveMarks(prisma, ctx.webinar.id, state, batch.map((w) => ({ key: w.email, fingerprint: w.fingerprint })));
    });
  }
}
