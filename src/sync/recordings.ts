import type { Config } from "../config";
import type { PrismaClient } from "../db/database";
import { CALL_SEARCH_SETTLE_MS, createCalls, findOurCalls, pushTranscript } from "../hubspot/engagements";
import { isPermanent, isValidationError, outcomeUnknown } from "../hubspot/errors";
import { chunk, type HubSpotWriter } from "../hubspot/writer";
import type { SyncContext } from "./context";
import { liveContacts } from "./repository/contacts";
import { dropOpenIntents, INTENT, loadMarks, openIntents, saveMarks } from "./repository/marks";
import type { SyncReport } from "./report";
import { appEventsOn, timelineMarkKey, timelineWrite, writeTimeline } from "./timeline";
import { vttToUtterances } from "./transcript";

/**
 * Recordings, when the host's "recordings and transcripts" is on: one call record per
 * recording, associated with the contacts of the people who attended, carrying the
 * recording URL; the Zoom transcript as utterances; and a "recording available" timeline
 * event per attendee when app events are on (src/sync/timeline.ts). A call is created
 * once: its id is recorded, and later syncs (forced ones too) only add what is missing.
 *
 * Exactly once, even when HubSpot's answer is lost or the process dies before our note:
 * calls and transcripts are not idempotent in HubSpot, so an intent is written before
 * each create (sync_marks `call`/`transcript` with fingerprint "intent" and no HubSpot
 * id) and replaced by the id once HubSpot answered. A call intent found without an id
 * means "created or not, we do not know": the call is looked up (calls search on the
 * recording URL and our title, src/hubspot/engagements.ts) and its id adopted; only when
 * the search finds nothing and the intent is older than the search's delay is it created
 * again. HubSpot has no lookup of a call's transcripts (the 2026-09 transcripts API reads
 * one by its own id only), so a transcript intent without an id is never re-sent: at most
 * one transcript, and the audit log says it may be missing. An intent is dropped when
 * HubSpot's answer shows nothing was written (a refusal, a 429 or 503, no connection).
 */
interface RecordingFile {
  file_type?: string;
  play_url?: string;
  recording_type?: string;
}

export interface RecordingPlan {
  recordingId: string;
  callId?: string;
  call: Record<"hs_timestamp" | "hs_call_title" | "hs_call_body" | "hs_call_recording_url" | "hs_call_duration" | "hs_call_status", string>;
  /** A transcript was sent but its answer never arrived: not re-sent (see above). */
  transcriptUncertain?: boolean;
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
  const contacts = await liveContacts(prisma, ctx.portal.id, attendeeEmails);
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
        transcriptUncertain: Boolean(r.transcriptVtt) && marks.get(`transcript:${r.id}`)?.fingerprint === INTENT && !marks.get(`transcript:${r.id}`)?.hubspotId,
        url,
        contactIds: contacts.flatMap((c) => (c.hubspotId ? [c.hubspotId] : [])),
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
  config: Pick<Config, "hubspot">,
  ctx: SyncContext,
  plans: RecordingPlan[],
  report: SyncReport,
) {
  const webinarId = ctx.webinar.id;
  await adoptUncertainCalls(prisma, writer, webinarId, plans);
  for (const batch of chunk(plans.filter((p) => !p.callId))) {
    const keys = batch.map((p) => p.recordingId);
    await saveMarks(prisma, webinarId, "call", keys.map((key) => ({ key, fingerprint: INTENT })));
    let ids: string[];
    try {
      ids = await createCalls(writer, batch.map((p) => ({ properties: p.call, contactIds: p.contactIds })));
    } catch (err) {
      if (!outcomeUnknown(err)) await dropOpenIntents(prisma, webinarId, "call", keys);
      // HubSpot refused the content: reported, and tried again at the next sync, not retried now.
      if (!isValidationError(err)) throw err;
      report.error("call_failed", err.plainWords(), batch.length);
      continue;
    }
    batch.forEach((p, i) => (p.callId = ids[i]));
    report.wrote("recordings", batch.length);
    await saveMarks(prisma, webinarId, "call", batch.map((p) => ({ key: p.recordingId, fingerprint: "1", hubspotId: p.callId })));
  }
  for (const p of plans) {
    if (p.transcriptUncertain) {
      report.error("transcript_failed", "A recording's transcript was sent to HubSpot but its answer was lost; it is not sent again (HubSpot cannot be asked whether it has it), so it may be missing from the call.");
    }
    if (p.transcript && p.callId) {
      await saveMarks(prisma, webinarId, "transcript", [{ key: p.recordingId, fingerprint: INTENT }]);
      try {
        const transcriptId = await pushTranscript(writer, p.callId, vttToUtterances(p.transcript));
        report.wrote("transcripts", 1);
        await saveMarks(prisma, webinarId, "transcript", [{ key: p.recordingId, fingerprint: "1", hubspotId: transcriptId }]);
      } catch (err) {
        if (!outcomeUnknown(err)) await dropOpenIntents(prisma, webinarId, "transcript", [p.recordingId]);
        if (!isPermanent(err)) throw err;
        const words = isValidationError(err) ? ` (${err.plainWords()})` : "";
        report.error("transcript_failed", `HubSpot refused a recording's transcript; it will be retried at the next sync${words}.`);
      }
    }
  }
  if (appEventsOn(config)) {
    const timeline = plans.flatMap((p) =>
      p.timeline.map((email) =>
        timelineWrite(config, ctx, "recording", recordingKey(p.recordingId, email), email, new Date(p.call.hs_timestamp), [p.instanceUuid], {
          recording_url: p.url,
        }),
      ),
    );
    await writeTimeline(prisma, writer, webinarId, timeline, 1, report);
  }
  report.recordingsSynced(plans.length);
}

const recordingKey = (recordingId: string, email: string) => `recording:${recordingId}:${email}`;

/**
 * Calls whose create may have happened (an intent without an id): found in HubSpot and
 * their ids recorded, so they are not created twice. While the search may still lag
 * behind an uncertain create, the sync stops here and its job tries again later.
 */
async function adoptUncertainCalls(prisma: PrismaClient, writer: HubSpotWriter, webinarId: string, plans: RecordingPlan[]) {
  const open = plans.filter((p) => !p.callId);
  if (open.length === 0) return;
  const intents = await openIntents(prisma, webinarId, "call", open.map((p) => p.recordingId));
  for (const intent of intents) {
    const plan = open.find((p) => p.recordingId === intent.key);
    if (!plan) continue;
    const [found] = await findOurCalls(writer, { hs_call_recording_url: plan.call.hs_call_recording_url, hs_call_title: plan.call.hs_call_title });
    if (found) {
      plan.callId = found;
      await saveMarks(prisma, webinarId, "call", [{ key: plan.recordingId, fingerprint: "1", hubspotId: found }]);
    } else if (Date.now() - intent.updatedAt.getTime() < CALL_SEARCH_SETTLE_MS) {
      throw new Error("A recording's call may have been created in HubSpot without our note of it; it is looked up again shortly before anything is created.");
    }
  }
}
