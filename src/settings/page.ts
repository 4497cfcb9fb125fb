import { disconnectZoom } from "../connections/connections";
import type { Database } from "../db/database";

/** The use-cases of the settings page (src/settings/pages.ts): what it shows, and "Disconnect Zoom". */

/** What /settings shows about the portal and its Zoom connection. */
export async function settingsPageView(db: Pick<Database, "prisma">, portalId: bigint) {
  const [portal, zoom] = await Promise.all([
    db.prisma.portal.findUnique({ where: { id: portalId } }),
    db.prisma.zoomConnection.findUnique({ where: { portalId } }),
  ]);
  return {
    portalId: String(portalId),
    portalUninstalled: Boolean(portal?.uninstalledAt),
    zoom: zoom && zoom.status !== "disconnected" ? { email: zoom.email, accountId: zoom.accountId, status: zoom.status } : null,
  };
}

/** The admin disconnects Zoom: its tokens are deleted (src/connections). */
export async function disconnectPortalZoom(db: Database, portalId: bigint): Promise<void> {
  await disconnectZoom(db, { portalId });
}
