import type { Database } from "../db/database";
import { disconnectZoom, portalStatus } from "../install/install";
import { listPortalWebinars } from "../webinars/repository/webinars";

/** The use-cases of the settings page (src/settings/pages.ts): what it shows, and "Disconnect Zoom". */

/** What /settings shows about the portal and its Zoom connection. */
export async function settingsPageView(db: Pick<Database, "prisma">, portalId: bigint) {
  const { portal, zoom } = await portalStatus(db.prisma, portalId);
  const connected = zoom && zoom.status !== "disconnected" ? { email: zoom.email, accountId: zoom.accountId, status: zoom.status } : null;
  return {
    portalId: String(portalId),
    portalUninstalled: Boolean(portal?.uninstalledAt),
    zoom: connected,
    // With Zoom disconnected (by the admin, or Zoom removed the app) the webinars recorded
    // before stay listed, with their audit logs: the history does not vanish with the tokens.
    showWebinars: connected !== null || (await listPortalWebinars(db.prisma, portalId, { limit: 1 })).length > 0,
  };
}

/** The admin disconnects Zoom: its tokens are deleted (src/install/install.ts). */
export async function disconnectPortalZoom(db: Pick<Database, "prisma">, portalId: bigint): Promise<void> {
  await disconnectZoom(db.prisma, portalId);
}
