import type { PrismaClient } from "../db/database";
import { AppError } from "../lib/errors";
import { HttpError } from "../lib/http-client";
import type { Services } from "../services";
import { encodeZoomUuid, type ZoomApi } from "../zoom/api";
import {
  attendanceOfRows, canReadReports, orNoData, pastParticipantsPath, REPORT_QUERY, reportParticipantsPath,
} from "./participants-api";
import { RecordingObject, RegistrantObject, WebinarObject } from "./payloads";
import { mergeDuplicateRegistrations, recordJoinsAndLeaves, recordRegistrationsForZoomWebinars, type Registration } from "./people";
import { fetchTranscript, upsertRecording } from "./recordings";
import { clearResyncProgress, readPaged, saveProgress, loadProgress, type ZoomPage } from "./resync-progress";
import { factsOf, upsertWebinar } from "./webinar-facts";
import { findHost } from "./zoom-users";

export interface ResyncSummary {
  webinarFound: boolean;
  registrants: number;
  attendanceEvents: number;
  recordings: number;
}

export interface ResyncOptions {
  /**
   * Keep the progress once through, so a retry of the caller's job skips the Zoom read
   * (the caller clears it, src/sync/sync-now.ts). Otherwise it is cleared at the end.
   */
  keepProgress?: boolean;
}

/** Zoom's largest page (reference §A7). */
const PAGE_SIZE = 300;

/**
 * A full re-read of one webinar from Zoom's API ("Sync now"): details, registrants,
 * the latest instance's participants and its recordings, merged into the recorded
 * facts with the same idempotent writes as the webhooks. Any size: each page is written
 * in its own short transaction with the progress of its phase (src/webinars/resync-progress.ts),
 * so nothing holds a transaction open across Zoom calls and a retry resumes at the page
 * it stopped at. It does not request the HubSpot sync itself: the caller (src/sync)
 * decides, so it can run inside a sync job.
 */
export async function resyncWebinarFromZoom(s: Services, webinarRowId: string, options: ResyncOptions = {}): Promise<ResyncSummary> {
  const prisma = s.db.prisma;
  const row = await prisma.webinar.findUnique({ where: { id: webinarRowId }, include: { connection: true } });
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
    await prisma.$transaction((tx) =>
      upsertWebinar(tx, connection.id, row.zoomWebinarId, { set: { ...factsOf(o), hostEmail: o.host_email?.toLowerCase() ?? host?.email }, fill: { uuid: o.uuid } }, row.syncEnabled),
    );
  }

  // GET /webinars/{webinarId}/registrants — https://developers.zoom.us/docs/api/webinars/#tag/webinars/GET/webinars/{webinarId}/registrants
  const registrants = await readPaged(
    prisma,
    row.id,
    "registrants",
    (token) => firstPage(token, orNotFound, page(api, `/webinars/${row.zoomWebinarId}/registrants`, "registrants", { status: "approved" }, token)),
    async (tx, items) => {
      const valid = mergeDuplicateRegistrations(items.map((r) => RegistrantObject.safeParse(r)).flatMap((r) => (r.success ? [registrationOf(r.data)] : [])));
      await recordRegistrationsForZoomWebinars(
        tx,
        valid.map((registration) => ({ connectionId: connection.id, zoomWebinarId: row.zoomWebinarId, registration })),
      );
      return valid.length;
    },
  );
  summary.registrants = registrants?.items ?? 0;

  const current = await prisma.webinar.findUniqueOrThrow({ where: { id: row.id } });
  const instance = current.uuid ?? current.zoomWebinarId;
  const hasHappened = Boolean(current.endedAt ?? current.actualStartTime) || (current.startTime ? current.startTime < new Date() : false);
  if (hasHappened) {
    // The participant report when the app may read it (it keeps six months and names
    // registrants), else past participants; each row is a join and a leave.
    const attendance = (token: string | undefined, path: string, query: Record<string, string>) =>
      firstPage(token, orNoData, page(api, path, "participants", query, token));
    const writeEvents = (tx: Parameters<typeof recordJoinsAndLeaves>[0], rows: unknown[]) => recordJoinsAndLeaves(tx, row.id, attendanceOfRows(rows, instance));
    let events = canReadReports(connection)
      ? await readPaged(prisma, row.id, "participants:report", (t) => attendance(t, reportParticipantsPath(instance), REPORT_QUERY), writeEvents)
      : undefined;
    events ??= await readPaged(prisma, row.id, "participants:past", (t) => attendance(t, pastParticipantsPath(instance), {}), writeEvents);
    summary.attendanceEvents = events?.items ?? 0;
    summary.recordings = await resyncRecording(s, prisma, api, row.id, connection.id, instance);
  }
  if (!options.keepProgress) await clearResyncProgress(prisma, row.id);
  return summary;
}

/** The instance's cloud recording and transcript, once per "Sync now" (a retry does not download it again). */
async function resyncRecording(s: Services, prisma: PrismaClient, api: ZoomApi, webinarId: string, connectionId: string, instance: string) {
  const progress = await loadProgress(prisma, webinarId, "recordings");
  if (progress.done) return progress.items;
  // GET /meetings/{meetingId}/recordings (takes webinar ids and uuids) — https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/meetings/{meetingId}/recordings
  const rec = await orNotFound(api.get<unknown>(`/meetings/${encodeZoomUuid(instance)}/recordings`));
  const parsed = rec ? RecordingObject.safeParse(rec) : undefined;
  const transcript = parsed?.success ? await fetchTranscript(s, connectionId, parsed.data.recording_files) : undefined;
  const found = parsed?.success ? 1 : 0;
  await prisma.$transaction(async (tx) => {
    if (parsed?.success) await upsertRecording(tx, webinarId, parsed.data, transcript);
    await saveProgress(tx, webinarId, "recordings", { pages: 1, items: found, done: true });
  });
  return found;
}

const registrationOf = (r: RegistrantObject): Registration => ({
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name ?? undefined,
  zoomRegistrantId: r.id,
  status: r.status ?? "approved",
  joinUrl: r.join_url,
  at: r.create_time ?? new Date(),
  source: "api",
});

/** One page of a Zoom list, at Zoom's largest page size. */
async function page(api: ZoomApi, path: string, itemsKey: string, query: Record<string, string>, token: string | undefined): Promise<ZoomPage> {
  const body = await api.get<Record<string, unknown>>(path, { page_size: PAGE_SIZE, ...query, ...(token && { next_page_token: token }) });
  const items = Array.isArray(body?.[itemsKey]) ? (body[itemsKey] as unknown[]) : [];
  const next = typeof body?.next_page_token === "string" && body.next_page_token !== "" ? body.next_page_token : undefined;
  return { items, next };
}

/**
 * "No such list" is read from the first page's answer only: a refusal of a later page
 * (an expired token above all) must not pass for the end of the list.
 */
const firstPage = <T>(token: string | undefined, noData: (call: Promise<T>) => Promise<T | undefined>, call: Promise<T>) =>
  token === undefined ? noData(call) : call;

/** Zoom answers 404 for webinars, registrants or recordings that do not exist (any more). */
async function orNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof HttpError && (err.status === 404 || err.status === 400)) return undefined;
    throw err;
  }
}
