import type { Database } from "../db/database";

/**
 * A webinar of the portal's Zoom connection, by the id the JSON API uses: Zoom's
 * webinar id (digits) or our row id (uuid). Another portal's webinar is not found.
 */
export async function findPortalWebinar(db: Database, portalId: bigint, webinarId: string) {
  const isDigits = /^\d{1,20}$/.test(webinarId);
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(webinarId);
  if (!isDigits && !isUuid) return null;
  return db.prisma.webinar.findFirst({
    where: { connection: { portalId }, ...(isDigits ? { zoomWebinarId: webinarId } : { id: webinarId }) },
  });
}
