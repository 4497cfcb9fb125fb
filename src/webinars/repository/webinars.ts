import { query, statement, type Runner } from "../../db/statement";
import type { Prisma, Webinar } from "../../generated/prisma/client";

/**
 * The webinars table (owner: src/webinars). Every read and write of a webinar row goes
 * through here; other folders (settings, sync, workflow-action) call these functions.
 */

/** A Prisma client or one of its transactions. */
export type Tx = Prisma.TransactionClient;

const insertIfNew = statement<{ id: string }>(
  "webinars.insertIfNew",
  `INSERT INTO webinars (id, connection_id, zoom_webinar_id, sync_enabled, updated_at)
   VALUES (gen_random_uuid(), $1::uuid, $2::text, $3::boolean, now())
   ON CONFLICT (connection_id, zoom_webinar_id) DO NOTHING
   RETURNING id::text AS id`,
);

const lockRow = statement<{ id: string }>(
  "webinars.lockRow",
  "SELECT id::text AS id FROM webinars WHERE connection_id = $1::uuid AND zoom_webinar_id = $2::text FOR UPDATE",
);

/**
 * The webinar (connection, Zoom webinar id), created with `syncIfNew` when it is new,
 * and locked for the rest of `tx`: concurrent events about one webinar merge instead of racing.
 */
export async function lockWebinarCreatingIt(
  tx: Tx,
  connectionId: string,
  zoomWebinarId: string,
  syncIfNew: boolean,
): Promise<{ webinar: Webinar; created: boolean }> {
  const inserted = await query(tx, insertIfNew, [connectionId, zoomWebinarId, syncIfNew]);
  await query(tx, lockRow, [connectionId, zoomWebinarId]);
  const webinar = await tx.webinar.findUniqueOrThrow({ where: { connectionId_zoomWebinarId: { connectionId, zoomWebinarId } } });
  return { webinar, created: inserted.length > 0 };
}

export function updateWebinar(tx: Tx, id: string, data: Prisma.WebinarUpdateInput): Promise<Webinar> {
  return tx.webinar.update({ where: { id }, data });
}

export function findWebinar(tx: Tx, id: string): Promise<Webinar | null> {
  return tx.webinar.findUnique({ where: { id } });
}

export function findWebinarByZoomId(tx: Tx, connectionId: string, zoomWebinarId: string): Promise<Webinar | null> {
  return tx.webinar.findUnique({ where: { connectionId_zoomWebinarId: { connectionId, zoomWebinarId } } });
}

/** The webinar with its Zoom connection (whose status and portal the callers check). */
export function findWebinarWithConnection(tx: Tx, id: string) {
  return tx.webinar.findUnique({ where: { id }, include: { connection: true } });
}

/** A portal's webinar by Zoom's webinar id or by our row id; another portal's is not found. */
export function findPortalWebinar(tx: Tx, portalId: bigint, by: { zoomWebinarId: string } | { id: string }): Promise<Webinar | null> {
  return tx.webinar.findFirst({ where: { connection: { portalId }, ...by } });
}

/** What a webinar's sync reads first: the webinar, its connection and portal, and its recordings. */
export function findWebinarForSync(tx: Tx, id: string) {
  return tx.webinar.findUnique({ where: { id }, include: { connection: { include: { portal: true } }, recordings: true } });
}

/** The fields of a connection's webinars that the sync's decisions and the contact properties read. */
export function connectionWebinarShapes(tx: Tx, connectionId: string) {
  return tx.webinar.findMany({
    where: { connectionId },
    select: {
      id: true,
      joinUrl: true,
      actualStartTime: true,
      startTime: true,
      endedAt: true,
      durationMinutes: true,
      hostId: true,
      hostEmail: true,
      syncEnabled: true,
      zoomEvents: true,
      occurrences: true,
      attendanceCounting: true,
    },
  });
}

/** The portal's webinars (not deleted) whose own switch is on, newest first, at most `take`. */
export async function switchedOnWebinarIds(tx: Tx, portalId: bigint, take: number): Promise<string[]> {
  const rows = await tx.webinar.findMany({
    where: { connection: { portalId }, deletedAt: null, syncEnabled: true },
    select: { id: true },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map((r) => r.id);
}

/** When the webinar's latest sync ran and how it ended (synced, disabled, error). */
export async function setLastSync(tx: Tx, id: string, status: "synced" | "disabled" | "error"): Promise<void> {
  await tx.webinar.update({ where: { id }, data: { lastSyncAt: new Date(), lastSyncStatus: status } });
}

export interface PortalWebinarRow {
  id: string;
  zoom_webinar_id: string;
  topic: string;
  start_time: Date | null;
  host_id: string | null;
  zoom_events: boolean | null;
  host_email: string | null;
  sync_enabled: boolean;
  attendance_counting: string;
  /** Live occurrences (status not "deleted"): 2 or more is a recurring webinar. */
  live_occurrences: number;
  last_sync_at: Date | null;
  last_sync_status: string | null;
  registrants: number;
  attendees: number;
}

/** Where a page of the portal's webinar list starts: just after this (sort key, id). */
export interface WebinarPageKey {
  /** The start time the list sorts by; `null` for webinars without one (they come last). */
  startTime: Date | null;
  id: string;
}

/** Which of the portal's webinars a page holds: at most `limit`, after `after`, filtered. */
export interface WebinarPageQuery {
  /** Only this row (PUT's answer). */
  onlyId?: string;
  /** Only webinars hosted by this Zoom user id. */
  hostZoomUserId?: string;
  /** Only webinars whose topic contains this, case-insensitive. */
  topicContains?: string;
  after?: WebinarPageKey;
  limit: number;
}

/*
 * Keyset paging: one stable order, start time descending (no start time last, as
 * -infinity) then id descending, and a page continues strictly after the previous page's
 * last (sort key, id). The page is cut first (`page`), then only its rows are counted.
 */
const portalWebinars = statement<PortalWebinarRow>(
  "webinars.portalWebinars",
  `WITH page AS (
     SELECT w.id, w.zoom_webinar_id, w.topic, w.start_time, w.host_id, w.zoom_events, w.host_email, w.sync_enabled, w.last_sync_at, w.last_sync_status,
       w.attendance_counting, w.occurrences,
       COALESCE(w.start_time, '-infinity'::timestamptz) AS sort_key
     FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id
     WHERE c.portal_id = $1::bigint AND w.deleted_at IS NULL
       AND ($2::uuid IS NULL OR w.id = $2::uuid)
       AND ($3::text IS NULL OR w.host_id = $3::text)
       AND ($4::text IS NULL OR strpos(lower(w.topic), lower($4::text)) > 0)
       AND ($6::uuid IS NULL OR (COALESCE(w.start_time, '-infinity'::timestamptz), w.id) < (COALESCE($5::timestamptz, '-infinity'::timestamptz), $6::uuid))
     ORDER BY sort_key DESC, w.id DESC
     LIMIT $7::int
   )
   SELECT p.id::text AS id, p.zoom_webinar_id, p.topic, p.start_time, p.host_id, p.zoom_events, p.host_email, p.sync_enabled, p.last_sync_at, p.last_sync_status,
     p.attendance_counting,
     (SELECT count(*) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.occurrences) = 'array' THEN p.occurrences ELSE '[]'::jsonb END) o
       WHERE lower(COALESCE(o->>'status', '')) <> 'deleted')::int AS live_occurrences,
     (SELECT count(*) FROM registrants r WHERE r.webinar_id = p.id AND r.status NOT IN ('cancelled', 'denied'))::int AS registrants,
     (SELECT count(DISTINCT COALESCE(e.email, e.participant_key)) FROM participant_events e WHERE e.webinar_id = p.id AND e.kind = 'join')::int AS attendees
   FROM page p
   ORDER BY p.sort_key DESC, p.id DESC`,
);

/** A page of the portal's webinars (not deleted), latest first, with registrant and attendee counts. */
export function listPortalWebinars(on: Runner, portalId: bigint, page: WebinarPageQuery): Promise<PortalWebinarRow[]> {
  return query(on, portalWebinars, [
    String(portalId),
    page.onlyId ?? null,
    page.hostZoomUserId ?? null,
    page.topicContains ?? null,
    page.after?.startTime?.toISOString() ?? null,
    page.after?.id ?? null,
    page.limit,
  ]);
}
