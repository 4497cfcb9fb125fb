import type { Database } from "../db/database";
import { disconnectZoom, portalStatus } from "../install/install";

/** The use-cases of the settings page (src/settings/pages.ts): what it shows, and "Disconnect Zoom". */

/** What /settings shows about the portal and its Zoom connection. */
export async function settingsPageView(db: Pick<Database, "prisma">, portalId: bigint) {
  const { portal, zoom } = await portalStatus(db.prisma, portalId);
  return {
    portalId: String(portalId),
    portalUninstalled: Boolean(portal?.uninstalledAt),
    zoom: zoom && zoom.status !== "disconnected" ? { email: zoom.email, accountId: zoom.accountId, status: zoom.status } : null,
  };
}

/** The admin disconnects Zoom: its tokens are deleted (src/install/install.ts). */
export async function disconnectPortalZoom(db: Pick<Database, "prisma">, portalId: bigint): Promise<void> {
  await disconnectZoom(db.prisma, portalId);
}
