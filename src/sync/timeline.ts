import { createHash } from "node:crypto";
import type { Config } from "../config";
import type { PrismaClient } from "../db/database";
import { APP_EVENT_TYPE_NAME, APP_EVENT_TYPES, appEventDateValue, type AppEventKind } from "../hubspot/app-event-types";
import { APP_EVENTS_BATCH_LIMIT, sendAppEvents, type AppEventOccurrence } from "../hubspot/app-events";
import { chunk, inPool, type HubSpotWriter } from "../hubspot/writer";
import { attendancePercent, webinarLengthMs } from "../webinars/attendance";
import type { SyncContext } from "./context";
import { isActiveRegistration } from "./facts";
import { saveMarks, type Mark } from "./repository/marks";
import type { Person } from "./people";
import type { SyncReport } from "./report";

/**
 * Timeline events on the contact, as occurrences of the app's three event types
 * (CONTRACT.md §5), written only when HubSpot approved app events for the app
 * (HUBSPOT_APP_EVENTS). Without them nothing is sent: the marketing event's registrations
 * and attendances are the contact's timeline.
 *
 * Occurrences are immutable, so each is sent once: its id is derived from Zoom's facts
 * (kind, Zoom account, webinar or recording, person), it is marked `timeline:<key>` in
 * sync_marks once HubSpot has it, and the marks are honoured even by a forced sync.
 * Should the mark be lost (a crash between HubSpot's answer and the mark), the resend
 * is answered 409 and counted as written. Recording occurrences are planned with the
 * recordings (src/sync/recordings.ts).
 */
export interface TimelineWrite {
  key: string;
  fingerprint: string;
  email: string;
  occurrence: AppEventOccurrence;
}

/** The mark of a timeline write: `timeline:<key>`. */
export const timelineMarkKey = (key: string) => `timeline:${key}`;

export const appEventsOn = (config: Pick<Config, "hubspot">) => config.hubspot.appEvents;

/** Stable across re-syncs, redeliveries and even a rebuilt database: only Zoom's facts go in. */
export const appEventId = (...parts: string[]) => `zoom-${createHash("sha1").update(parts.join("\n")).digest("hex").slice(0, 24)}`;

/** What every occurrence carries about its webinar; empty values are left out. */
function webinarProperties(w: SyncContext["webinar"]): Record<string, string> {
  const start = w.actualStartTime ?? w.startTime;
  return {
    webinar_id: w.zoomWebinarId,
    ...(w.topic && { webinar_topic: w.topic }),
    ...(start && { webinar_start: appEventDateValue(start) }),
  };
}

/** One occurrence of `kind`, with only the properties its type declares. */
export function timelineWrite(
  config: Pick<Config, "hubspot">,
  ctx: SyncContext,
  kind: AppEventKind,
  key: string,
  email: string,
  at: Date,
  idParts: string[],
  extra: Record<string, string | undefined>,
): TimelineWrite {
  const declared = new Set(APP_EVENT_TYPES[kind].properties.map((p) => p.name));
  const all: Record<string, string | undefined> = { ...webinarProperties(ctx.webinar), ...extra };
  const properties = Object.fromEntries(
    Object.entries(all).filter((e): e is [string, string] => declared.has(e[0]) && e[1] !== undefined && e[1] !== ""),
  );
  return {
    key,
    fingerprint: "1",
    email,
    occurrence: {
      eventTypeName: APP_EVENT_TYPE_NAME(config.hubspot.appId, kind),
      id: appEventId(kind, ctx.connection.accountId, ...idParts, email),
      email,
      timestamp: at.toISOString(),
      properties,
    },
  };
}

/** Registration and attendance occurrences wanted for these people (not yet filtered by marks). */
export function planTimeline(config: Pick<Config, "hubspot">, ctx: SyncContext, people: Person[]): TimelineWrite[] {
  if (!appEventsOn(config)) return [];
  const w = ctx.webinar;
  const out: TimelineWrite[] = [];
  for (const p of people) {
    if (p.registration && isActiveRegistration(p.registration)) {
      out.push(
        timelineWrite(config, ctx, "registration", `registration:${p.email}`, p.email, p.registration.registeredAt, [w.zoomWebinarId], {
          join_url: p.registration.joinUrl ?? w.joinUrl ?? undefined,
        }),
      );
    }
    // Occurrences cannot be changed once written: attendance waits for the final figures.
    const firstInterval = p.attendance?.intervals[0];
    if (p.attendance && firstInterval && w.endedAt) {
      const percent = attendancePercent(p.attendance.attendedMs, webinarLengthMs(w));
      out.push(
        timelineWrite(config, ctx, "attendance", `attendance:${p.email}`, p.email, new Date(firstInterval.start), [w.zoomWebinarId], {
          attended_minutes: String(Math.round(p.attendance.attendedMs / 60_000)),
          attendance_percent: percent !== undefined ? String(Math.round(percent)) : undefined,
        }),
      );
    }
  }
  return out;
}

/** Writes not yet marked as written. Not `force`d: a resend could only be refused. */
export const unwritten = (writes: TimelineWrite[], marks: Map<string, Mark>) => writes.filter((t) => !marks.has(timelineMarkKey(t.key)));

/**
 * Sends the occurrences in batches and marks each as soon as HubSpot has it. Occurrences
 * HubSpot refuses for their content are reported (SYNC_ERROR) and retried by the next sync.
 */
export async function writeTimeline(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  webinarId: string,
  writes: TimelineWrite[],
  concurrency: number,
  report: SyncReport,
) {
  await inPool(chunk(writes, APP_EVENTS_BATCH_LIMIT), concurrency, async (batch) => {
    const { written, refused } = await sendAppEvents(writer, batch.map((t) => t.occurrence));
    const done = new Set(written);
    report.wrote("timeline", written.length);
    await saveMarks(prisma, webinarId, "timeline", batch.filter((t) => done.has(t.occurrence.id)).map((t) => ({ key: t.key, fingerprint: t.fingerprint })));
    const [firstRefused] = refused;
    if (firstRefused) {
      report.error(
        "timeline_event_failed",
        `HubSpot refused some timeline events (${firstRefused.message}); they will be retried at the next sync.`,
        refused.length,
      );
    }
  });
}
