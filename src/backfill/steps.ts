import type { WebinarsDeps } from "../webinars/deps";
import { findZoomConnection } from "../connections/repository/zoom-connections";
import { findPortal } from "../install/repository/portals";
import { AppError } from "../lib/errors";
import { HttpError } from "../lib/http-client";
import { requestWebinarSync } from "../queue/sync-webinar-job";
import { reconcileAttendance } from "../webinars/reconcile";
import { resyncWebinarFromZoom } from "../webinars/resync";
import { findWebinar } from "../webinars/repository/webinars";
import { findZoomUser, listZoomUsers } from "../webinars/repository/zoom-users";
import { upsertWebinar } from "../webinars/webinar-facts";
import { refreshZoomUsers } from "../webinars/zoom-users";
import { listPastInstances, pastWebinarsPage, type ListedPastWebinar } from "../zoom/endpoints/webinars";
import { zoomErrorBody, zoomErrorKind, zoomReadOrNone } from "../zoom/errors";
import type { StepPayload } from "./jobs";
import { scheduleNext } from "./plan";
import { advance, findBackfill, finish, lastLeaveOf, pendingOf, type Backfill, type PendingWebinar } from "./repository";

/**
 * The backfill's steps (CONTRACT.md §11 "Backfill"). Each reads its backfill's row, does
 * one thing, and in one transaction moves the row on (only from the step its job carries)
 * and enqueues the next step: a crash or a retry redoes at most the step it was in, and
 * that step's writes are idempotent (the webinar facts are upserted and merged, the
 * imported list is the row's), so no webinar is imported twice by one backfill.
 *
 * Errors: Zoom's transient failures (429, 5xx, network) and a refused token are thrown,
 * so the job retries (the Zoom client already retried within the attempt); a refusal
 * for good ends the backfill "failed" with a message saying what Zoom said.
 */
export type BackfillDeps = Pick<WebinarsDeps, "db" | "logger" | "config" | "vault" | "zoomApi" | "queue">;

/** Zoom's next_page_token lasts 15 minutes (reference §A7): an older one is re-listed from the first page. */
const PAGE_TOKEN_LIFETIME_MS = 15 * 60_000;

/** The row of a running backfill at this step, with its active connection; undefined when the job has nothing to do. */
async function current(s: BackfillDeps, { backfillId, step }: StepPayload) {
  const b = await findBackfill(s.db.prisma, backfillId);
  if (!b || b.status !== "running" || b.step !== step) return undefined;
  const connection = await findZoomConnection(s.db.prisma, b.connectionId);
  if (!connection || connection.status !== "active") {
    await finish(s.db.prisma, b.id, "failed", "Zoom is not connected any more: connect it again in Settings, then import again to resume where it stopped.");
    return undefined;
  }
  return { b, connection };
}

/** Moves the backfill on from its step and enqueues what comes next, in one transaction. */
async function moveOn(s: BackfillDeps, b: Backfill, data: Parameters<typeof advance>[3], also?: (tx: Parameters<typeof advance>[0]) => Promise<void>) {
  await s.db.prisma.$transaction(async (tx) => {
    if (!(await advance(tx, b.id, b.step, data))) return;
    await also?.(tx);
    const next = await findBackfill(tx, b.id);
    if (next) await scheduleNext(s.queue, tx, next);
  });
}

/** Step: choose the Zoom users (first step), else list one page of the first user's past webinars. */
export async function listPageStep(s: BackfillDeps, job: StepPayload): Promise<void> {
  const found = await current(s, job);
  if (!found) return;
  const { b, connection } = found;
  if (!b.usersChosen) {
    const users = b.zoomUserId ? [b.zoomUserId] : await usersInScope(s, connection.id, b.portalId);
    return moveOn(s, b, { usersToList: users, usersChosen: true, pageToken: null });
  }
  const [userId, ...rest] = b.usersToList;
  if (!userId) return moveOn(s, b, { usersToList: [] });
  const token = b.pageToken ?? undefined;
  let page: Awaited<ReturnType<typeof pastWebinarsPage>>;
  try {
    page = await pastWebinarsPage(s.zoomApi(connection.id), userId, token);
  } catch (err) {
    const kind = zoomErrorKind(err);
    if (kind !== "refused" && kind !== "not_found") throw err;
    // A cursor kept past its lifetime (a long stop): list this user again from the first page.
    if (token && Date.now() - b.updatedAt.getTime() > PAGE_TOKEN_LIFETIME_MS) return moveOn(s, b, { pageToken: null });
    const who = await userInWords(s, connection.id, userId);
    if (kind === "not_found" && !b.zoomUserId) {
      s.logger.warn({ backfillId: b.id, zoomUserId: userId }, "backfill: Zoom has no such user any more; skipped");
      return moveOn(s, b, { usersToList: rest, pageToken: null });
    }
    await finish(s.db.prisma, b.id, "failed", `Zoom refused to list the past webinars of ${who}: ${zoomSaid(err)}.`);
    return;
  }
  const known = new Set([...b.imported, ...pendingOf(b).map((p) => p.id)]);
  const fresh: PendingWebinar[] = [];
  for (const w of page.webinars) {
    if (known.has(w.id) || !inWindow(w, b.since)) continue;
    known.add(w.id);
    fresh.push({ id: w.id, topic: w.topic, startTime: w.start_time ?? null, uuid: w.uuid ?? null, hostId: w.host_id ?? userId });
  }
  await moveOn(s, b, {
    pending: [...pendingOf(b), ...fresh] as object[],
    pageToken: page.next ?? null,
    usersToList: page.next ? b.usersToList : rest,
  });
}

/**
 * Step: import the first webinar still to import. Its row is made sure of (a webinar seen
 * for the first time gets its host's "new webinars on by default"), then it is read from
 * Zoom's API by the same re-read as "Sync now" (src/webinars/resync.ts: details,
 * registrants, participants, recording); a webinar the app already knew is refreshed the
 * same way. Zoom lists it as past, so it has ended: when no event said when, its end is
 * its last participant's leave, else its scheduled end. Then its HubSpot sync is asked for
 * like any change of facts (the sync keeps to HubSpot's rate budget and the settings).
 */
export async function importWebinarStep(s: BackfillDeps, job: StepPayload): Promise<void> {
  const found = await current(s, job);
  if (!found) return;
  const { b, connection } = found;
  const [head, ...rest] = pendingOf(b);
  if (!head) return moveOn(s, b, {});
  const host = head.hostId ? await findZoomUser(s.db.prisma, connection.id, head.hostId) : null;
  const { webinar } = await s.db.prisma.$transaction((tx) =>
    upsertWebinar(
      tx,
      connection.id,
      head.id,
      { fill: { topic: head.topic || undefined, startTime: head.startTime ? new Date(head.startTime) : undefined, uuid: head.uuid ?? undefined, hostId: head.hostId ?? undefined } },
      host?.syncNewWebinarsByDefault ?? true,
    ),
  );
  try {
    await resyncWebinarFromZoom(s, webinar.id);
    await earlierInstances(s, connection.id, webinar.id, head.id);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      await finish(s.db.prisma, b.id, "failed", `The webinar "${head.topic}" (${head.id}) could not be imported: ${err.message}.`);
      return;
    }
    throw err;
  }
  await moveOn(s, b, { pending: rest as unknown as object[], imported: { push: head.id } }, async (tx) => {
    const w = await findWebinar(tx, webinar.id);
    if (w && !w.endedAt) {
      const end = (await lastLeaveOf(tx, w.id)) ?? scheduledEnd(w.startTime, w.durationMinutes);
      if (end && end.getTime() <= Date.now()) await upsertWebinar(tx, connection.id, head.id, { fill: { endedAt: end } }, true);
    }
    await requestWebinarSync(s.queue, webinar.id, { tx });
  });
}

/**
 * The re-read takes the attendance of the webinar's latest instance; a webinar held more
 * than once (each occurrence of a recurring webinar) has earlier ones: their participants
 * are read the way attendance is reconciled after `webinar.ended` (src/webinars/reconcile.ts),
 * one instance at a time (GET /past_webinars/{webinarId}/instances). Recorded joins and
 * leaves are merged, so a retry adds nothing twice.
 */
async function earlierInstances(s: BackfillDeps, connectionId: string, webinarId: string, zoomWebinarId: string) {
  const instances = (await zoomReadOrNone(listPastInstances(s.zoomApi(connectionId), zoomWebinarId))) ?? [];
  const latest = (await findWebinar(s.db.prisma, webinarId))?.uuid;
  const deps = { ...s, requestWebinarSync: (id: string, options?: Parameters<typeof requestWebinarSync>[2]) => requestWebinarSync(s.queue, id, options) };
  for (const instance of instances) {
    if (instance.uuid !== latest) await reconcileAttendance(deps, webinarId, instance.uuid);
  }
}

/** Retries ran out (Zoom kept failing, or kept refusing the app's token): the backfill ends "failed", saying so. */
export async function stepExhausted(s: BackfillDeps, job: StepPayload, err: unknown): Promise<void> {
  const said = err instanceof HttpError ? zoomSaid(err) : err instanceof Error ? err.message : String(err);
  const auth = zoomErrorKind(err) === "auth";
  const why = auth ? `Zoom did not accept the app's access (${said}); reconnect Zoom in Settings` : `Zoom kept failing (${said})`;
  await finish(s.db.prisma, job.backfillId, "failed", `${why}. Import again to resume where it stopped.`);
}

/**
 * Whose webinars a backfill of the whole connection lists: the selected users when the
 * sync is limited to some, else every user of the account (the settings then decide what
 * is synced: a webinar out of scope is recorded, not written to HubSpot).
 */
async function usersInScope(s: BackfillDeps, connectionId: string, portalId: bigint): Promise<string[]> {
  const portal = await findPortal(s.db.prisma, portalId);
  if (portal?.webinarSyncScope === "selected" && portal.selectedZoomUserIds.length > 0) return portal.selectedZoomUserIds;
  // Read again from Zoom (GET /users): users added since the connection was made are included.
  await refreshZoomUsers(s, connectionId);
  return (await listZoomUsers(s.db.prisma, connectionId)).map((u) => u.zoomUserId);
}

const inWindow = (w: ListedPastWebinar, since: Date) => {
  const start = w.start_time ? Date.parse(w.start_time) : NaN;
  return Number.isFinite(start) && start >= since.getTime() && start <= Date.now();
};

const scheduledEnd = (start: Date | null, minutes: number | null) => (start ? new Date(start.getTime() + (minutes ?? 0) * 60_000) : null);

async function userInWords(s: BackfillDeps, connectionId: string, zoomUserId: string) {
  const u = await findZoomUser(s.db.prisma, connectionId, zoomUserId);
  return u ? (u.displayName ? `${u.displayName} (${u.email})` : u.email) : `the Zoom user ${zoomUserId}`;
}

/** What Zoom said, in its words, with the HTTP status and Zoom's code. */
function zoomSaid(err: unknown): string {
  if (!(err instanceof HttpError)) return err instanceof Error ? err.message : String(err);
  const { code, message } = zoomErrorBody(err);
  const text = message ? `"${message}"` : "no message";
  return `${text} (HTTP ${err.status}${code !== undefined ? `, Zoom code ${typeof code === "number" || typeof code === "string" ? code : JSON.stringify(code)}` : ""})`;
}
