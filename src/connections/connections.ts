import type { Database } from "../db/database";
import type { TokenSet, TokenVault } from "./vault";

/**
 * Portals and Zoom connections: what the install and connect flows store, and what
 * every feature reads to know whom it acts for.
 */

export interface PortalInstall {
  hubId: bigint;
  userId: bigint;
  scopes: string[];
  tokens: TokenSet;
}

/** A first install creates the portal; a reinstall refreshes tokens and scopes and keeps its settings. */
export async function savePortalInstall(db: Database, vault: TokenVault, install: PortalInstall) {
  const sealed = vault.seal(install.tokens);
  return db.prisma.portal.upsert({
    where: { id: install.hubId },
    create: { id: install.hubId, installedByUserId: install.userId, scopes: install.scopes, ...sealed },
    update: { scopes: install.scopes, uninstalledAt: null, ...sealed },
  });
}

export interface ZoomConnect {
  portalId: bigint;
  accountId: string;
  zoomUserId: string;
  email: string;
  scopes: string[];
  tokens: TokenSet;
}

/**
 * One Zoom connection per portal. Reconnecting the same Zoom account keeps its row
 * (and the webinars recorded under it); connecting another account replaces it.
 */
export async function saveZoomConnection(db: Database, vault: TokenVault, connect: ZoomConnect) {
  const sealed = vault.seal(connect.tokens);
  const fields = {
    accountId: connect.accountId,
    zoomUserId: connect.zoomUserId,
    email: connect.email,
    scopes: connect.scopes,
    status: "active" as const,
    disconnectedAt: null,
    deauthorizedAt: null,
    connectedAt: new Date(),
    ...sealed,
  };
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.zoomConnection.findUnique({ where: { portalId: connect.portalId } });
    if (existing && existing.accountId === connect.accountId) {
      return tx.zoomConnection.update({ where: { id: existing.id }, data: fields });
    }
    if (existing) await tx.zoomConnection.delete({ where: { id: existing.id } });
    return tx.zoomConnection.create({ data: { portalId: connect.portalId, ...fields } });
  });
}

/** Deletes the tokens; the row stays (disconnected) so its webinars' history remains readable. */
export async function disconnectZoom(db: Database, where: { portalId: bigint } | { id: string }) {
  const { count } = await db.prisma.zoomConnection.updateMany({
    where,
    data: { status: "disconnected", accessToken: null, refreshToken: null, accessTokenExpiresAt: null, disconnectedAt: new Date() },
  });
  return count > 0;
}

/** The portal's Zoom connection when it can be used. */
export function activeZoomConnection(db: Database, portalId: bigint) {
  return db.prisma.zoomConnection.findFirst({ where: { portalId, status: "active" } });
}
