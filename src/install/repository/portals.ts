import type { PrismaClient } from "../../db/database";
import type { PortalTokenStore, SealedTokens } from "../../connections/vault";

/**
 * portals, owned by src/install: one row per HubSpot portal that installed the app, with
 * its sealed tokens and its sync settings. Every other folder reads and changes portals
 * through these functions.
 */

type Portals = Pick<PrismaClient, "portal">;

export function findPortal(prisma: Portals, portalId: bigint) {
  return prisma.portal.findUnique({ where: { id: portalId } });
}

/** A first install creates the portal; a reinstall refreshes tokens and scopes and keeps its settings. */
export function savePortalInstall(prisma: Portals, install: { hubId: bigint; userId: bigint; scopes: string[]; sealed: SealedTokens }) {
  const { hubId, userId, scopes, sealed } = install;
  return prisma.portal.upsert({
    where: { id: hubId },
    create: { id: hubId, installedByUserId: userId, scopes, ...sealed },
    update: { scopes, uninstalledAt: null, ...sealed },
  });
}

/** The settings object of the JSON API (CONTRACT.md §3); a field left out keeps its value. */
export interface PortalSettingsChange {
  webinarSyncEnabled?: boolean;
  webinarSyncScope?: "none" | "all" | "selected";
  selectedZoomUserIds?: string[];
  excludedHostDomains?: string[];
  excludedContactDomains?: string[];
}

/** Saves the portal's settings; the portal as it now is. */
export function updatePortalSettings(prisma: Portals, portalId: bigint, change: PortalSettingsChange) {
  return prisma.portal.update({ where: { id: portalId }, data: change });
}

/** The stored access token counts as expired: the next call refreshes it (the sandbox's "Simulate a problem"). */
export async function expirePortalAccessToken(prisma: Portals, portalId: bigint): Promise<void> {
  await prisma.portal.updateMany({ where: { id: portalId }, data: { accessTokenExpiresAt: new Date(0) } });
}

/** The portals' token columns, for the vault (src/connections/vault.ts). */
export function portalTokenStore(prisma: Portals): PortalTokenStore {
  return {
    read: (portalId) => findPortal(prisma, portalId),
    store: async (portalId, readRefresh, sealed) =>
      (await prisma.portal.updateMany({ where: { id: portalId, uninstalledAt: null, refreshToken: readRefresh }, data: sealed })).count > 0,
    markUninstalled: async (portalId, readRefresh) =>
      (
        await prisma.portal.updateMany({
          where: { id: portalId, uninstalledAt: null, refreshToken: readRefresh },
          data: { uninstalledAt: new Date() },
        })
      ).count > 0,
  };
}
