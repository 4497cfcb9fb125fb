import { AppError } from "../lib/errors";
import { HttpError } from "../lib/http-client";
import type { Services } from "../services";
import { encodeZoomUuid } from "../zoom/api";
import { listInstanceAttendance } from "./participants-api";
import { RecordingObject, RegistrantObject, WebinarObject } from "./payloads";
import { recordJoinsAndLeaves, recordRegistration } from "./people";
import { fetchTranscript, upsertRecording } from "./recordings";
import { factsOf, upsertWebinar } from "./webinar-facts";
import { findHost } from "./zoom-users";

export interface ResyncSummary {
  webinarFound: boolean;
  registrants: number;
  attendanceEvents: number;
  recordings: number;
}

/**
 * A full re-read of one webinar from Zoom's API ("Sync now"): details, registrants,
 * the latest instance's participants and its recordings, merged into the recorded
 * facts with the same idempotent writes as the webhooks. It does not request the
 * HubSpot sync itself: the caller (src/sync) decides, so it can run inside a sync job.
 */
export async function resyncWebinarFromZoom(s: Services, webinarRowId: string): Promise<ResyncSummary> {
  const row = await s.db.prisma.webinar.findUnique({ where: { id: webinarRowId }, include: { connection: true } });
  if (!row) throw new AppError("WEBINAR_NOT_FOUND", "No such webinar", 404);
  const connection = row.connection;
  if (connection.status !== "active") throw new AppError("ZOOM_NOT_CONNECTED", "Zoom is not connected", 409);
  const api = s.zoomApi(connection.id);
  const summary: ResyncSummary = { webinarFound: false, registrants: 0, attendanceEvents: 0, recordings: 0 };

  // GET /webinars/{webinarId} — https://developers.zoom.us/docs/api/webinars/#tag/webinars/GET/webinars/{webinarId}
  const details = await orNotFound(api.get<unknown>(`/webinars/${row.zoomWebinarId}`));
  const webinar = details ? WebinarObject.safeParse(details) : undefined;
  if (webinar?.success) {
    summary.webinarFound = true;
    const o = webinar.data;
    const host = o.host_email ? undefined : await findHost(s, connection.id, o.host_id);
    await s.db.prisma.$transaction((tx) =>
      upsertWebinar(tx, connection.id, row.zoomWebinarId, { set: { ...factsOf(o), hostEmail: o.host_email?.toLowerCase() ?? host?.email }, fill: { uuid: o.uuid } }, row.syncEnabled),
    );
  }

  // GET /webinars/{webinarId}/registrants — https://developers.zoom.us/docs/api/webinars/#tag/webinars/GET/webinars/{webinarId}/registrants
  const registrants = (await orNotFound(api.list<unknown>(`/webinars/${row.zoomWebinarId}/registrants`, "registrants", { status: "approved" }))) ?? [];
  const valid = registrants.map((r) => RegistrantObject.safeParse(r)).flatMap((r) => (r.success ? [r.data] : []));
  await s.db.prisma.$transaction(async (tx) => {
    for (const r of valid) {
      await recordRegistration(tx, row.id, {
        email: r.email,
        firstName: r.first_name,
        lastName: r.last_name ?? undefined,
        zoomRegistrantId: r.id,
        status: r.status ?? "approved",
        joinUrl: r.join_url,
        at: r.create_time ?? new Date(),
        source: "api",
      });
    }
  });
  summary.registrants = valid.length;

  const current = await s.db.prisma.webinar.findUniqueOrThrow({ where: { id: row.id } });
  const instance = current.uuid ?? current.zoomWebinarId;
  const hasHappened = Boolean(current.endedAt ?? current.actualStartTime) || (current.startTime ? current.startTime < new Date() : false);
  if (hasHappened) {
    const events = await listInstanceAttendance(s, connection, instance);
    if (events?.length) summary.attendanceEvents = await s.db.prisma.$transaction((tx) => recordJoinsAndLeaves(tx, row.id, events));

    // GET /meetings/{meetingId}/recordings (takes webinar ids and uuids) — https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/meetings/{meetingId}/recordings
    const rec = await orNotFound(api.get<unknown>(`/meetings/${encodeZoomUuid(instance)}/recordings`));
    const parsed = rec ? RecordingObject.safeParse(rec) : undefined;
    if (parsed?.success) {
      const transcript = await fetchTranscript(s, connection.id, parsed.data.recording_files);
      await s.db.prisma.$transaction((tx) => upsertRecording(tx, row.id, parsed.data, transcript));
      summary.recordings = 1;
    }
  }
  return summary;
}

/** Zoom answers 404 for webinars, registrants or recordings that do not exist (any more). */
async function orNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof HttpError && (err.status === 404 || err.status === 400)) return undefined;
    throw err;
  }
}

