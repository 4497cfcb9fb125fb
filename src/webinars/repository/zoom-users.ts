import type { Prisma, ZoomUser } from "../../generated/prisma/client";
import type { Tx } from "./webinars";

/**
 * The zoom_users table (owner: src/webinars): the users of a connected Zoom account,
 * with their per-user sync switches (set in src/settings).
 */

const key = (connectionId: string, zoomUserId: string) => ({ connectionId_zoomUserId: { connectionId, zoomUserId } });

/** Saves what Zoom says about a user; the sync switches of a known user are left as they are. */
export async function saveZoomUser(tx: Tx, connectionId: string, zoomUserId: string, fields: { email: string; displayName: string }): Promise<void> {
  await tx.zoomUser.upsert({ where: key(connectionId, zoomUserId), create: { connectionId, zoomUserId, ...fields }, update: fields });
}

export function countZoomUsers(tx: Tx, connectionId: string): Promise<number> {
  return tx.zoomUser.count({ where: { connectionId } });
}

export function findZoomUser(tx: Tx, connectionId: string, zoomUserId: string): Promise<ZoomUser | null> {
  return tx.zoomUser.findUnique({ where: key(connectionId, zoomUserId) });
}

/** The connection's users by email. */
export function listZoomUsers(tx: Tx, connectionId: string): Promise<ZoomUser[]> {
  return tx.zoomUser.findMany({ where: { connectionId }, orderBy: { email: "asc" } });
}

export function updateZoomUser(
  tx: Tx,
  connectionId: string,
  zoomUserId: string,
  data: Pick<Prisma.ZoomUserUpdateInput, "syncNewWebinarsByDefault" | "syncRecordingsAndTranscripts">,
): Promise<ZoomUser> {
  return tx.zoomUser.update({ where: key(connectionId, zoomUserId), data });
}
