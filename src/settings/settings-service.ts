import { z } from "zod";
import { zoomConnectionOfPortal } from "../connections/repository/zoom-connections";
import type { Database } from "../db/database";
import { Prisma, type Portal } from "../generated/prisma/client";
import { findPortal, updatePortalSettings } from "../install/repository/portals";
import { notFound } from "../lib/errors";
import type { Services } from "../services";
import { requestWebinarSync } from "../sync/trigger";
import { findPortalWebinar } from "../webinars/lookup";
import { ensureZoomUsers } from "../webinars/zoom-users";

/**
 * The sync settings of a portal (CONTRACT.md §3): the settings object, the per-user
 * switches of its Zoom account's users, and the per-webinar switch. Used by the JSON
 * API and the settings pages alike. Every read and write is scoped to one portal.
 */

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ""))
  .refine((d) => /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(d), "must be a domain such as example.com");
const unique = <T>(list: T[]) => [...new Set(list)];

/** A PUT may leave out sections or fields (they keep their values); unknown fields are refused. */
export const SettingsInput = z
  .object({
    webinarSync: z
      .object({
        enabled: z.boolean().optional(),
        scope: z.enum(["none", "all", "selected"]).optional(),
        selectedZoomUserIds: z.array(z.string().trim().min(1).max(128)).max(10_000).transform(unique).optional(),
      })
      .strict()
      .optional(),
    exclusions: z
      .object({
        hostDomains: z.array(Domain).max(1000).transform(unique).optional(),
        contactDomains: z.array(Domain).max(1000).transform(unique).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SettingsInput = z.infer<typeof SettingsInput>;

export const ZoomUserSettingsInput = z
  .object({ syncNewWebinarsByDefault: z.boolean().optional(), syncRecordingsAndTranscripts: z.boolean().optional() })
  .strict();

export const WebinarSettingsInput = z.object({ syncEnabled: z.boolean() }).strict();

export async function getSettings(db: Database, portalId: bigint) {
  const p = await findPortal(db.prisma, portalId);
  if (!p) throw notFound("Portal not found");
  return settingsOf(p);
}

/** The settings object of CONTRACT.md §3, from the portal's row. */
const settingsOf = (p: Portal) => ({
  webinarSync: { enabled: p.webinarSyncEnabled, scope: p.webinarSyncScope, selectedZoomUserIds: p.selectedZoomUserIds },
  exclusions: { hostDomains: p.excludedHostDomains, contactDomains: p.excludedContactDomains },
});

/**
 * Saves the settings. When a change can decide differently which webinars sync (the
 * switch, the scope, the selected users, the host domains), the portal's webinars are
 * queued for a sync, which brings HubSpot in line or records why a webinar is skipped.
 */
export async function updateSettings(s: Services, portalId: bigint, input: SettingsInput) {
  const before = await getSettings(s.db, portalId);
  const updated = await updatePortalSettings(s.db.prisma, portalId, {
    webinarSyncEnabled: input.webinarSync?.enabled,
    webinarSyncScope: input.webinarSync?.scope,
    selectedZoomUserIds: input.webinarSync?.selectedZoomUserIds,
    excludedHostDomains: input.exclusions?.hostDomains,
    excludedContactDomains: input.exclusions?.contactDomains,
  });
  const after = settingsOf(updated);
  const decisive = (x: typeof after) => JSON.stringify([x.webinarSync, x.exclusions.hostDomains]);
  if (decisive(before) !== decisive(after)) await requestPortalSyncs(s, portalId);
  return after;
}

async function requestPortalSyncs(s: Services, portalId: bigint) {
  const webinars = await s.db.prisma.webinar.findMany({
    where: { connection: { portalId }, deletedAt: null, syncEnabled: true },
    select: { id: true },
    orderBy: { createdAt: "desc" },
    take: 1000,
  });
  for (const w of webinars) await requestWebinarSync(s.queue, w.id);
}

const userView = (u: { zoomUserId: string; email: string; displayName: string; syncNewWebinarsByDefault: boolean; syncRecordingsAndTranscripts: boolean }) => ({
  zoomUserId: u.zoomUserId,
  email: u.email,
  displayName: u.displayName,
  syncNewWebinarsByDefault: u.syncNewWebinarsByDefault,
  syncRecordingsAndTranscripts: u.syncRecordingsAndTranscripts,
});

/** The users of the portal's connected Zoom account, read from Zoom the first time. */
export async function listZoomUsers(s: Services, portalId: bigint) {
  const connection = await zoomConnectionOfPortal(s.db.prisma, portalId);
  if (!connection) return [];
  if (connection.status === "active") {
    await ensureZoomUsers(s, connection.id).catch((err) =>
      s.logger.warn({ err, connectionId: connection.id }, "could not read the Zoom account's users"),
    );
  }
  const users = await s.db.prisma.zoomUser.findMany({ where: { connectionId: connection.id }, orderBy: { email: "asc" } });
  return users.map(userView);
}

export async function updateZoomUserSettings(db: Database, portalId: bigint, zoomUserId: string, input: z.infer<typeof ZoomUserSettingsInput>) {
  const connection = await zoomConnectionOfPortal(db.prisma, portalId);
  const where = { connectionId_zoomUserId: { connectionId: connection?.id ?? "", zoomUserId } };
  const user = connection ? await db.prisma.zoomUser.findUnique({ where }) : null;
  if (!user) throw notFound("No such Zoom user");
  return userView(await db.prisma.zoomUser.update({ where, data: input }));
}

interface WebinarRow {
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

/** The portal's webinars (not deleted), latest first, with registrant and attendee counts. */
export async function listWebinars(db: Database, portalId: bigint, onlyId?: string) {
  const rows = await db.prisma.$queryRaw<WebinarRow[]>`
    SELECT w.id::text AS id, w.zoom_webinar_id, w.topic, w.start_time, w.host_email, w.sync_enabled, w.last_sync_at, w.last_sync_status,
      (SELECT count(*) FROM registrants r WHERE r.webinar_id = w.id AND r.status NOT IN ('cancelled', 'denied'))::int AS registrants,
      (SELECT count(DISTINCT COALESCE(p.email, p.participant_key)) FROM participant_events p WHERE p.webinar_id = w.id AND p.kind = 'join')::int AS attendees
    FROM webinars w JOIN zoom_connections c ON c.id = w.connection_id
    WHERE c.portal_id = ${portalId} AND w.deleted_at IS NULL ${onlyId ? Prisma.sql`AND w.id = ${onlyId}::uuid` : Prisma.empty}
    ORDER BY w.start_time DESC NULLS LAST, w.created_at DESC
    LIMIT 1000`;
  return rows.map((w) => ({
    webinarId: w.zoom_webinar_id,
    topic: w.topic,
    startTime: w.start_time ? new Date(w.start_time).toISOString() : null,
    hostEmail: w.host_email,
    syncEnabled: w.sync_enabled,
    registrants: Number(w.registrants),
    attendees: Number(w.attendees),
    lastSync: { at: w.last_sync_at ? new Date(w.last_sync_at).toISOString() : null, status: w.last_sync_status },
  }));
}

/** The per-webinar switch. A change asks for a sync, which brings HubSpot in line (or logs that it is off). */
export async function setWebinarSync(s: Services, portalId: bigint, webinarId: string, input: z.infer<typeof WebinarSettingsInput>) {
  const webinar = await findPortalWebinar(s.db, portalId, webinarId);
  if (!webinar || webinar.deletedAt) throw notFound("No such webinar");
  if (webinar.syncEnabled !== input.syncEnabled) {
    await s.db.prisma.$transaction(async (tx) => {
      await tx.webinar.update({ where: { id: webinar.id }, data: { syncEnabled: input.syncEnabled } });
      await requestWebinarSync(s.queue, webinar.id, { tx });
    });
  }
  const [view] = await listWebinars(s.db, portalId, webinar.id);
  return view;
}
