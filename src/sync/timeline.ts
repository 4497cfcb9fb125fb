import { createHash } from "node:crypto";
import type { Config } from "../config";
import type { PrismaClient } from "../db/database";
import { createTimelineEvents, type TimelineEventInput } from "../hubspot/engagements";
import { chunk, inPool, type HubSpotWriter } from "../hubspot/writer";
import { HttpError } from "../lib/http-client";
import { attendancePercent, webinarLengthMs } from "../webinars/attendance";
import type { SyncContext } from "./context";
import { isActiveRegistration } from "./facts";
import { saveMarks } from "./marks";
import type { Person } from "./people";
import type { SyncReport } from "./report";

/**
 * Timeline events (registration, attendance) on the contact, written only when the
 * template ids are configured (HUBSPOT_TIMELINE_TEMPLATE_*). Each event has an id
 * derived from the webinar and the person, so HubSpot keeps one even if sent twice.
 * Recording events are planned with the recordings (src/sync/recordings.ts).
 */
export interface TimelineWrite extends TimelineEventInput {
  key: string;
  fingerprint: string;
}

export const timelineEventId = (...parts: string[]) =>
  `zoom-${createHash("sha1").update(parts.join("\n")).digest("hex").slice(0, 24)}`;

/**
 * The tokens every timeline template declares (TIMELINE_TEMPLATES in
 * src/workflow-action/definition.ts, created by `npm run hubspot:register`); date
 * tokens are milliseconds since the epoch, as HubSpot expects.
 */
export function webinarTokens(w: SyncContext["webinar"]): Record<string, string> {
  const start = w.actualStartTime ?? w.startTime;
  return { webinar_id: w.zoomWebinarId, webinar_topic: w.topic, ...(start ? { webinar_start: String(start.getTime()) } : {}) };
}

export function planTimeline(config: Config, ctx: SyncContext, people: Person[]): TimelineWrite[] {
  const templates = config.hubspot.timelineTemplates;
  const w = ctx.webinar;
  const common = webinarTokens(w);
  const out: TimelineWrite[] = [];
  for (const p of people) {
    if (templates.registration && p.registration && isActiveRegistration(p.registration)) {
      out.push({
        key: `registration:${p.email}`,
        fingerprint: "1",
        eventTemplateId: templates.registration,
        email: p.email,
        id: timelineEventId("registration", w.id, p.email),
        timestamp: p.registration.registeredAt.toISOString(),
        tokens: { ...common, join_url: p.registration.joinUrl ?? w.joinUrl ?? "" },
      });
    }
    // Timeline events cannot be changed once written: attendance waits for the final figures.
    if (templates.attendance && p.attendance && w.endedAt) {
      const minutes = Math.round(p.attendance.attendedMs / 60_000);
      const percent = attendancePercent(p.attendance.attendedMs, webinarLengthMs(w));
      out.push({
        key: `attendance:${p.email}`,
        fingerprint: "1",
        eventTemplateId: templates.attendance,
        email: p.email,
        id: timelineEventId("attendance", w.id, p.email),
        timestamp: new Date(p.attendance.intervals[0].start).toISOString(),
        tokens: {
          ...common,
          attended_minutes: String(minutes),
          ...(percent !== undefined ? { attendance_percent: String(Math.round(percent)) } : {}),
        },
      });
    }
  }
  return out;
}

/** 100 per call; a refused batch is reported (SYNC_ERROR) and retried by the next sync. */
export async function writeTimeline(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  webinarId: string,
  writes: TimelineWrite[],
  concurrency: number,
  report: SyncReport,
) {
  await inPool(chunk(writes), concurrency, async (batch) => {
    try {
      await createTimelineEvents(
        writer,
        batch.map(({ eventTemplateId, email, id, timestamp, tokens }) => ({ eventTemplateId, email, id, timestamp, tokens })),
      );
    } catch (err) {
      if (!(err instanceof HttpError) || err.status === 429 || err.status >= 500) throw err;
      report.error("timeline_event_failed", "Some timeline events could not be written to HubSpot; they will be retried at the next sync.", batch.length);
      return;
    }
    await saveMarks(prisma, webinarId, "timeline", batch.map((t) => ({ key: t.key, fingerprint: t.fingerprint })));
  });
}
