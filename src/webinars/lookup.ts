import type { Database } from "../db/database";
import { findPortalWebinar as findByPortal } from "./repository/webinars";

/**
 * A webinar of the portal's Zoom connection, by the id the JSON API uses: Zoom's
 * webinar id (digits; spaces and dashes as people type them are ignored) or our row id
 * (uuid). Another portal's webinar is not found.
 */
export async function findPortalWebinar(db: Pick<Database, "prisma">, portalId: bigint, id: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const webinarId = isUuid ? id.toLowerCase() : id.replace(/[\s-]/g, "");
  const isDigits = /^\d{1,20}$/.test(webinarId);
  if (!isDigits && !isUuid) return null;
  return findByPortal(db.prisma, portalId, isDigits ? { zoomWebinarId: webinarId } : { id: webinarId });
}
