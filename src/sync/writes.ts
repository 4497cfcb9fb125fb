import type { PrismaClient } from "../db/database";
import { upsertContactsByEmail } from "../hubspot/contacts";
import { isPermanent, isValidationError, refusalWords, refusedProperties, type StandardError } from "../hubspot/errors";
import {
  cancelMarketingEvent, completeMarketingEvent, recordAttendance, upsertMarketingEvent, type MarketingEventInput,
} from "../hubspot/marketing-events";
import { chunk, inPool, type HubSpotWriter } from "../hubspot/writer";
import type { SyncContext } from "./context";
import { recordAttendanceOnce } from "./attendance-once";
import { saveWrittenContacts } from "./repository/contacts";
import { fingerprint, loadMarks, saveMarks, type Mark } from "./repository/marks";
import type { AttendanceWrite, ContactWrite } from "./people";
import type { SyncReport } from "./report";
import { liveOccurrences, seriesDescription, seriesSpan, storedOccurrences } from "../zoom/occurrences";

/**
 * The batched writes of a webinar's sync. Each batch is recorded as written as soon as
 * HubSpot accepted it. A batch HubSpot refuses for its content (4xx other than 429, a
 * VALIDATION_ERROR above all) is reported in the webinar's audit log in plain words and
 * skipped, so one bad record cannot block the rest and the job is not retried for
 * something HubSpot will refuse again; anything else (429, 5xx, network, after the
 * writer's retries) stops the sync, which is retried and resumes where it stopped.
 */
const refused = isPermanent;

/**
 * What the audit log says about a refused write: HubSpot's own words when it gave them,
 * else ours (the raw error text is in the logs, never in the admin's words).
 */
const refusal = (err: unknown, fallback: string) => (isValidationError(err) ? err.plainWords() : `${fallback}.`);

/**
 * The webinar's marketing event. A recurring webinar's event covers the series
 * (CONTRACT.md §11): from its first occurrence's start to its last one's end (start +
 * duration), as Zoom lists them; a single webinar's runs from its actual (else
 * scheduled) start to its end (else start + duration). A series' description lists its
 * occurrences in words (UTC): `eventDescription` of MarketingEventCreateRequestParams,
 * a string in HubSpot's 2026-09 spec (HubSpot-public-api-spec-collection, Marketing Events
 * 2026-09 marketingEvents.json; https://developers.hubspot.com/docs/api-reference/marketing-marketing-events-v3/guide).
 */
export function marketingEventOf(ctx: SyncContext): MarketingEventInput {
  const w = ctx.webinar;
  const occurrences = storedOccurrences(w.occurrences);
  const series = seriesSpan(occurrences);
  const description = seriesDescription(occurrences);
  const start = series?.start ?? w.actualStartTime ?? w.startTime;
  const end = series ? (series.end ?? null) : (w.endedAt ?? (start && w.durationMinutes ? new Date(start.getTime() + w.durationMinutes * 60_000) : null));
  const url = w.registrationUrl ?? w.joinUrl;
  return {
    externalAccountId: ctx.connection.accountId,
    externalEventId: w.zoomWebinarId,
    eventName: w.topic || `Zoom webinar ${w.zoomWebinarId}`,
    eventOrganizer: w.hostEmail ?? "Zoom",
    eventType: "WEBINAR",
    ...(start && { startDateTime: start.toISOString() }),
    ...(end && { endDateTime: end.toISOString() }),
    ...(url && { eventUrl: url }),
    ...(description && { eventDescription: description }),
  };
}

/**
 * The actual start and end of an ended webinar (the scheduled start when Zoom never said
 * when it started), for HubSpot's `complete`; undefined while it has not ended.
 */
export function completionOf(ctx: SyncContext): { startDateTime: string; endDateTime: string } | undefined {
  const w = ctx.webinar;
  if (!w.endedAt) return undefined;
  // A series is over once its last occurrence has ended: from the first occurrence's
  // (scheduled) start to the last one's actual end. Earlier occurrences ending change nothing.
  const occurrences = liveOccurrences(storedOccurrences(w.occurrences));
  const last = occurrences.at(-1);
  if (last && w.endedAt.getTime() < Date.parse(last.startTime)) return undefined;
  const first = occurrences[0];
  const start = first ? new Date(first.startTime) : (w.actualStartTime ?? w.startTime ?? w.endedAt);
  return { startDateTime: start.toISOString(), endDateTime: w.endedAt.toISOString() };
}

/**
 * One marketing event per webinar, upserted when it changed; then, from the recorded
 * facts, `cancel` once the webinar was deleted in Zoom, else `complete` once it ended
 * (again only if its recorded start or end changed). Completion and cancellation are
 * read from the sync marks even when forced, so "Sync now" does not repeat them.
 * Returns false when HubSpot refused the event (its attendance cannot be written then).
 * `marks` holds at least the webinar's `event` marks.
 */
export async function syncMarketingEvent(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  ctx: SyncContext,
  marks: Map<string, Mark>,
  force: boolean,
  report: SyncReport,
): Promise<boolean> {
  const event = marketingEventOf(ctx);
  const ref = { externalAccountId: event.externalAccountId, externalEventId: event.externalEventId };
  const refusedEvent = (err: unknown) => {
    if (!refused(err)) throw err;
    report.error("marketing_event_failed", refusal(err, "HubSpot refused the webinar's marketing event"));
    return false;
  };
  const print = fingerprint(event);
  if (force || marks.get("event:webinar")?.fingerprint !== print) {
    try {
      await upsertMarketingEvent(writer, event);
    } catch (err) {
      return refusedEvent(err);
    }
    report.wrote("events", 1);
    await saveMarks(prisma, ctx.webinar.id, "event", [{ key: "webinar", fingerprint: print }]);
  }
  const recorded = force ? await loadMarks(prisma, ctx.webinar.id, { kind: "event" }) : marks;
  try {
    if (ctx.webinar.deletedAt) {
      if (!recorded.has("event:cancelled")) {
        await cancelMarketingEvent(writer, ref);
        report.wrote("events", 1);
        await saveMarks(prisma, ctx.webinar.id, "event", [{ key: "cancelled", fingerprint: "1" }]);
      }
    } else {
      const completion = completionOf(ctx);
      const done = completion && fingerprint(completion);
      if (completion && done && recorded.get("event:completed")?.fingerprint !== done) {
        await completeMarketingEvent(writer, ref, completion);
        report.wrote("events", 1);
        await saveMarks(prisma, ctx.webinar.id, "event", [{ key: "completed", fingerprint: done }]);
      }
    }
  } catch (err) {
    refusedEvent(err);
  }
  return true;
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
    let errors: StandardError[];
    try {
      ({ ids, errors } = await upsertContactsByEmail(writer, batch));
    } catch (err) {
      if (!refused(err)) throw err;
      for (const c of batch) failed.add(c.email);
      report.error(
        "property_update_failed",
        refusal(err, "HubSpot refused to update some contacts and their Zoom properties"),
        batch.length,
        isValidationError(err) ? err.refusedProperties()[0]?.property : undefined,
      );
      return;
    }
    // HubSpot wrote only part of the batch (207): the ones it names no id for were refused.
    const written = errors.length ? batch.filter((c) => ids.has(c.email)) : batch;
    if (errors.length) {
      for (const c of batch) if (!ids.has(c.email)) failed.add(c.email);
      reportBatchErrors(report, "property_update_failed", errors, batch.length - written.length);
    }
    report.wrote("contacts", written.length);
    await saveWrittenContacts(
      prisma,
      writer.portalId,
      written.map((c) => ({ email: c.email, hubspotId: ids.get(c.email) ?? null, fingerprint: c.fingerprint })),
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
      const state = batch[0]?.state;
      if (state === undefined) return;
      let answer: Awaited<ReturnType<typeof recordAttendance>>;
      try {
        answer = await recordAttendanceOnce(prisma, writer, ctx.webinar.id, event, state, batch);
      } catch (err) {
        if (!refused(err)) throw err;
        report.error("attendance_failed", refusal(err, `HubSpot refused some marketing event ${state} records`), batch.length);
        return;
      }
      // Part of the batch refused (207): only what HubSpot recorded is marked as written.
      const written = answer.errors.length ? batch.filter((w) => answer.recorded.has(w.email)) : batch;
      if (answer.errors.length) reportBatchErrors(report, "attendance_failed", answer.errors, batch.length - written.length);
      report.wrote("records", written.length);
      await saveMarks(prisma, ctx.webinar.id, state, written.map((w) => ({ key: w.email, fingerprint: w.fingerprint })));
    });
  }
}

/** The `errors[]` of a partly written batch, in the audit log in HubSpot's words (one entry per refused property). */
function reportBatchErrors(report: SyncReport, reason: string, errors: StandardError[], count: number) {
  const first = errors[0];
  if (!first) return;
  report.error(reason, refusalWords(first), Math.max(count, 1), refusedProperties(first)[0]?.property);
}
