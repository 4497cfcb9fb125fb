import { z } from "zod";
import type { PrismaClient } from "../db/database";
import { AppError } from "../lib/errors";
import type { ZoomApi } from "../zoom/api";
import type { ZoomPage } from "../zoom/endpoint";
import { canReadReports, pastParticipantsPage, reportParticipantsPage } from "../zoom/endpoints/participants";
import { getRecordings } from "../zoom/endpoints/recordings";
import { registrantsPage } from "../zoom/endpoints/registrants";
import { getWebinar } from "../zoom/endpoints/webinars";
import { zoomReadOrNone } from "../zoom/errors";
import { RegistrantObject, WebinarObject } from "../zoom/schemas";
import type { WebinarsDeps } from "./deps";
import { attendanceOfRows } from "./participants-api";
import { mergeDuplicateRegistrations, recordJoinsAndLeaves, recordRegistrationsForZoomWebinars, type Registration } from "./people";
import { fetchTranscript, upsertRecording } from "./recordings";
import { clearResyncProgress, readPaged, saveProgress, loadProgress } from "./resync-progress";
import { findWebinar, findWebinarWithConnection } from "./repository/webinars";
import { factsOf, upsertWebinar } from "./webinar-facts";
import { findHost } from "./zoom-users";
import { answersOf } from "../zoom/registration-answers";

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

/** What a re-read uses: the database, Zoom's API and the transcript download. */
type Deps = Pick<WebinarsDeps, "db" | "logger" | "config" | "vault" | "zoomApi">;

/**
 * A full re-read of one webinar from Zoom's API ("Sync now"): details, registrants,
 * the latest instance's participants and its recordings, merged into the recorded
 * facts with the same idempotent writes as the webhooks. Any size: each page is written
 * in its own short transaction with the progress of its phase (src/webinars/resync-progress.ts),
 * so nothing holds a transaction open across Zoom calls and a retry resumes at the page
 * it stopped at. It does not request the HubSpot sync itself: the caller (src/sync)
 * decides, so it can run inside a sync job.
 */
export async function resyncWebinarFromZoom(s: Deps, webinarRowId: string, options: ResyncOptions = {}): Promise<ResyncSummary> {
  const prisma = s.db.prisma;
  const row = await findWebinarWithConnection(prisma, webinarRowId);
  if (!row) throw new AppError("WEBINAR_NOT_FOUND", "No such webinar", 404);
  const connection = row.connection;
  if (connection.status !== "active") throw new AppError("ZOOM_NOT_CONNECTED", "Zoom is not connected", 409);
  const api = s.zoomApi(connection.id);
  const summary: ResyncSummary = { webinarFound: false, registrants: 0, attendanceEvents: 0, recordings: 0 };

  // Read as the webhooks' webinar object: the answer becomes the same recorded facts.
  const o = await zoomReadOrNone(orInvalid(getWebinar(api, row.zoomWebinarId, WebinarObject)));
  if (o) {
    summary.webinarFound = true;
    const host = o.host_email ? undefined : await findHost(s, connection.id, o.host_id);
    await prisma.$transaction((tx) =>
      upsertWebinar(tx, connection.id, row.zoomWebinarId, { set: { ...factsOf(o), hostEmail: o.host_email?.toLowerCase() ?? host?.email }, fill: { uuid: o.uuid } }, row.syncEnabled),
    );
  }

  const registrants = await readPaged(
    prisma,
    row.id,
    "registrants",
    (token) => firstPage(token, zoomReadOrNone, registrantsPage(api, row.zoomWebinarId, { status: "approved", pageToken: token })),
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

  const current = await findWebinar(prisma, row.id);
  if (!current) throw new Error(`Webinar ${row.id} was deleted during its re-read`);
  const instance = current.uuid ?? current.zoomWebinarId;
  const hasHappened = Boolean(current.endedAt ?? current.actualStartTime) || (current.startTime ? current.startTime < new Date() : false);
  if (hasHappened) {
    // The participant report when the app may read it (it keeps six months and names
    // registrants), else past participants; each row is a join and a leave.
    const attendance = (token: string | undefined, list: (api: ZoomApi, instance: string, token?: string) => Promise<ZoomPage>) =>
      firstPage(token, zoomReadOrNone, list(api, instance, token));
    const writeEvents = (tx: Parameters<typeof recordJoinsAndLeaves>[0], rows: unknown[]) => recordJoinsAndLeaves(tx, row.id, attendanceOfRows(rows, instance));
    let events = canReadReports(connection)
      ? await readPaged(prisma, row.id, "participants:report", (t) => attendance(t, reportParticipantsPage), writeEvents)
      : undefined;
    events ??= await readPaged(prisma, row.id, "participants:past", (t) => attendance(t, pastParticipantsPage), writeEvents);
    summary.attendanceEvents = events?.items ?? 0;
    summary.recordings = await resyncRecording(s, prisma, api, row.id, connection.id, instance);
  }
  if (!options.keepProgress) await clearResyncProgress(prisma, row.id);
  return summary;
}

/** The instance's cloud recording and transcript, once per "Sync now" (a retry does not download it again). */
async function resyncRecording(s: Deps, prisma: PrismaClient, api: ZoomApi, webinarId: string, connectionId: string, instance: string) {
  const progress = await loadProgress(prisma, webinarId, "recordings");
  if (progress.done) return progress.items;
  const rec = await zoomReadOrNone(orInvalid(getRecordings(api, instance)));
  const transcript = rec ? await fetchTranscript(s, connectionId, rec.recording_files) : undefined;
  const found = rec ? 1 : 0;
  await prisma.$transaction(async (tx) => {
    if (rec) await upsertRecording(tx, webinarId, rec, transcript);
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
  answers: answersOf(r),
});

/**
 * "No such list" is read from the first page's answer only: a refusal of a later page
 * (an expired token above all) must not pass for the end of the list.
 */
const firstPage = <T>(token: string | undefined, noData: (call: Promise<T>) => Promise<T | undefined>, call: Promise<T>) =>
  token === undefined ? noData(call) : call;

/** An answer that is not the object we read (no webinar id, no recording uuid) counts as none. */
async function orInvalid<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof z.ZodError) return undefined;
    throw err;
  }
}
