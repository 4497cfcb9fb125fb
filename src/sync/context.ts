import type { PrismaClient } from "../db/database";
import { webinarSyncDecision, type NotSyncedReason } from "../settings/rules";
import type { WebinarShape } from "./properties";

/** Everything a webinar's sync reads before it writes: the webinar, its portal and host. */
export async function loadSyncContext(prisma: PrismaClient, webinarId: string) {
  const webinar = await prisma.webinar.findUnique({
    where: { id: webinarId },
    include: { connection: { include: { portal: true } }, recordings: true },
  });
  if (!webinar) return undefined;
  const host = webinar.hostId
    ? await prisma.zoomUser.findUnique({ where: { connectionId_zoomUserId: { connectionId: webinar.connectionId, zoomUserId: webinar.hostId } } })
    : null;
  return { webinar, connection: webinar.connection, portal: webinar.connection.portal, host };
}

export type SyncContext = NonNullable<Awaited<ReturnType<typeof loadSyncContext>>>;

export type SkipReason = NotSyncedReason | "zoom_disconnected" | "portal_uninstalled";

/** Why this webinar is not synced now, or undefined when it is. */
export function skipReason(ctx: SyncContext): SkipReason | undefined {
  if (ctx.portal.uninstalledAt) return "portal_uninstalled";
  if (ctx.connection.status !== "active") return "zoom_disconnected";
  const decision = webinarSyncDecision(ctx.portal, ctx.webinar);
  return decision.synced ? undefined : decision.reason;
}

/**
 * The portal's webinars whose sync is on: the `zoom` properties count only what the
 * app is allowed to bring to HubSpot.
 */
export async function syncedWebinars(prisma: PrismaClient, ctx: SyncContext): Promise<Map<string, WebinarShape>> {
  const all = await prisma.webinar.findMany({
    where: { connectionId: ctx.connection.id },
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
  return new Map(all.filter((w) => webinarSyncDecision(ctx.portal, w).synced).map((w) => [w.id, w]));
}

/** When a session still open in the recorded events is closed: the webinar's end, else now. */
export const closeOpenAt = (webinars: Map<string, WebinarShape>, now: number) => (id: string) =>
  webinars.get(id)?.endedAt?.getTime() ?? now;
