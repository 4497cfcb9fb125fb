import type { Config } from "../config";
import type { PrismaClient } from "../db/database";
import { createCalls, pushTranscript } from "../hubspot/engagements";
import { isValidationError } from "../hubspot/errors";
import { chunk, type HubSpotWriter } from "../hubspot/writer";
import { HttpError } from "../lib/http-client";
import type { SyncContext } from "./context";
import { loadMarks, saveMarks } from "./marks";
import type { SyncReport } from "./report";
import { appEventsOn, timelineMarkKey, timelineWrite, writeTimeline } from "./timeline";
import { vttToUtterances } from "./transcript";

/**
 * Recordings, when the host's "recordings and transcripts" is on: one call record per
 * recording, associated with the contacts of the people who attended, carrying the
 * recording URL; the Zoom transcript as utterances; and a "recording available" timeline
 * event per attendee when app events are on (src/sync/timeline.ts). A call is created
 * once: its id is recorded, and later syncs (forced ones too) only add what is missing.
 */
interface RecordingFile {
  file_type?: string;
  play_url?: string;
  recording_type?: string;
}

export interface RecordingPlan {
  recordingId: string;
  callId?: string;
  call?: Record<string, string>;
  contactIds: string[];
  transcript?: string;
  /** Zoom's id of the recorded instance: part of the timeline events' ids. */
  instanceUuid: string;
  /** Attendees whose "recording available" timeline event is not written yet. */
  timeline: string[];
  url: string;
}

export async function planRecordings(
  prisma: PrismaClient,
  ctx: SyncContext,
  attendeeEmails: string[],
  report: SyncReport,
): Promise<RecordingPlan[]> {
  const recordings = ctx.webinar.recordings;
  if (recordings.length === 0) return [];
  if (!ctx.host?.syncRecordingsAndTranscripts) {
    for (const r of recordings) report.recordingNotSynced(r.id, "sync_off");
    return [];
  }
  // Calls are not idempotent in HubSpot: what exists is always read back, even when forced.
  const marks = await loadMarks(prisma, ctx.webinar.id);
  const contacts = await prisma.hubSpotContact.findMany({
    where: { portalId: ctx.portal.id, email: { in: attendeeEmails }, deletedAt: null, hubspotId: { not: null } },
  });
  const plans: RecordingPlan[] = [];
  for (const r of recordings) {
    const files = (Array.isArray(r.files) ? r.files : []) as RecordingFile[];
    const url = r.shareUrl ?? files.find((f) => f.play_url)?.play_url;
    if (r.status !== "completed") report.recordingNotSynced(r.id, "still_processing");
    else if (!url) report.recordingNotSynced(r.id, "recording_not_found");
    else if (contacts.length === 0) report.recordingNotSynced(r.id, "no_attendees");
    else {
      const hasTranscriptFile = files.some((f) => f.file_type === "TRANSCRIPT" || f.recording_type === "audio_transcript");
      if (hasTranscriptFile && !r.transcriptVtt) {
        report.error("transcript_not_found", "A recording's transcript was not found in Zoom, so it was not added to HubSpot.");
      }
      const start = r.startTime ?? ctx.webinar.actualStartTime ?? ctx.webinar.startTime ?? new Date();
      plans.push({
        recordingId: r.id,
        callId: marks.get(`call:${r.id}`)?.hubspotId ?? undefined,
        url,
        contactIds: contacts.map((c) => c.hubspotId!),
        call: {
          hs_timestamp: start.toISOString(),
          hs_call_title: `Zoom webinar recording: ${ctx.webinar.topic || ctx.webinar.zoomWebinarId}`,
          hs_call_body: `Recording of the Zoom webinar "${ctx.webinar.topic}" (${ctx.webinar.zoomWebinarId}): ${url}`,
          hs_call_recording_url: url,
          hs_call_duration: String((r.durationMinutes ?? ctx.webinar.durationMinutes ?? 0) * 60_000),
          hs_call_status: "COMPLETED",
        },
        transcript: r.transcriptVtt && !marks.has(`transcript:${r.id}`) ? r.transcriptVtt : undefined,
        instanceUuid: r.instanceUuid,
        timeline: contacts.map((c) => c.email).filter((email) => !marks.has(timelineMarkKey(recordingKey(r.id, email)))),
      });
    }
  }
  return plans;
}

export async function writeRecordings(
  prisma: PrismaClient,
  writer: HubSpotWriter,
  config: Config,
  ctx: SyncContext,
  plans: RecordingPlan[],
  report: SyncReport,
) {
  const webinarId = ctx.webinar.id;
  const toCreate = plans.filter((p) => !p.callId);
  for (const batch of chunk(toCreate)) {
    let ids: string[];
    try {
      ids = await createCalls(writer, batch.map((p) => ({ properties: p.call!, contactIds: p.contactIds })));
    } catch (err) {
      // HubSpot refused the content: reported, and tried again at the next sync, not retried now.
      if (!isValidationError(err)) throw err;
      report.error("call_failed", err.plainWords(), batch.length);
      continue;
    }
    batch.forEach((p, i) => (p.callId = ids[i]));
    await saveMarks(prisma, webinarId, "call", batch.map((p) => ({ key: p.recordingId, fingerprint: "1", hubspotId: p.callId })));
  }
  for (const p of plans) {
    if (p.transcript && p.callId) {
      try {
        await pushTranscript(writer, p.callId, vttToUtterances(p.transcript));
        await saveMarks(prisma, webinarId, "transcript", [{ key: p.recordingId, fingerprint: "1" }]);
      } catch (err) {
        if (!(err instanceof HttpError) || err.status === 429 || err.status >= 500) throw err;
        const words = isValidationError(err) ? ` (${err.plainWords()})` : "";
        report.error("transcript_failed", `HubSpot refused a recording's transcript; it will be retried at the next sync${words}.`);
      }
    }
  }
  if (appEventsOn(config)) {
    const timeline = plans.flatMap((p) =>
      p.timeline.map((email) =>
        timelineWrite(config, ctx, "recording", recordingKey(p.recordingId, email), email, new Date(p.call!.hs_timestamp), [p.instanceUuid], {
          recording_url: p.url,
        }),
      ),
    );
    await writeTimeline(prisma, writer, webinarId, timeline, 1, report);
  }
  report.recordingsSynced(plans.length);
}

const recordingKey = (recordingId: string, email: string) => `recording:${recordingId}:${email}`;
