import type { PrismaClient } from "../db/database";
import { webinarSyncDecision, type NotSyncedReason } from "../settings/rules";
import { connectionWebinarShapes, findWebinarForSync } from "../webinars/repository/webinars";
import { findZoomUser } from "../webinars/repository/zoom-users";
import type { WebinarShape } from "./properties";

/** Everything a webinar's sync reads before it writes: the webinar, its portal and host. */
export async function loadSyncContext(prisma: PrismaClient, webinarId: string) {
  const webinar = await findWebinarForSync(prisma, webinarId);
  if (!webinar) return undefined;
  const host = webinar.hostId ? await findZoomUser(prisma, webinar.connectionId, webinar.hostId) : null;
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
 * The portal's webinars whose sync is on (Zoom Events webinars never): the `zoom`
 * properties count only what the app is allowed to bring to HubSpot.
 */
export async function syncedWebinars(prisma: PrismaClient, ctx: SyncContext): Promise<Map<string, WebinarShape>> {
  const all = await connectionWebinarShapes(prisma, ctx.connection.id);
  return new Map(all.filter((w) => webinarSyncDecision(ctx.portal, w).synced).map((w) => [w.id, w]));
}

/** When a session still open in the recorded events is closed: the webinar's end, else now. */
export const closeOpenAt = (webinars: Map<string, WebinarShape>, now: number) => (id: string) =>
  webinars.get(id)?.endedAt?.getTime() ?? now;
