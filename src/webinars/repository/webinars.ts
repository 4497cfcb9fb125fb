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
  host_email: string | null;
  sync_enabled: boolean;
  last_sync_at: Date | null;
  last_sync_status: string | null;
  registrants: number;
  attendees: number;
}

const portalWebinars = statement<PortalWebinarRow>(
  "webinars.portalWebinars",
  `SELECT w.id::text AS id, w.zoom_webinar_id, w.topic, w.start_time, w.host_email, w.sync_enabled, w.last_sync_at, w.last_sync_status,
     (SELECT count(*) FROM registrants r WHERE r.webinar_id = w.id AND r.status NOT IN ('cancelled', 'denied'))::int AS registrants,
     (SELECT count(DISTINCT COALESCE(p.email, p.participant_key)) FROM participant_events p WHERE p.webinar_id = w.id AND p.kind = 'join')::int AS attendees
   FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id
   WHERE c.portal_id = $1::bigint AND w.deleted_at IS NULL AND ($2::uuid IS NULL OR w.id = $2::uuid)
   ORDER BY w.start_time DESC NULLS LAST, w.created_at DESC
   LIMIT 1000`,
);

/** The portal's webinars (not deleted; only `onlyId` when given), latest first, with registrant and attendee counts. */
export function listPortalWebinars(on: Runner, portalId: bigint, onlyId?: string): Promise<PortalWebinarRow[]> {
  return query(on, portalWebinars, [String(portalId), onlyId ?? null]);
}
