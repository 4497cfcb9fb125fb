import type { PrismaClient } from "../../db/database";
import type { SealedTokens } from "../vault";

/**
 * zoom_connections, owned by src/connections: one Zoom account per portal, its sealed
 * tokens and its state (active, needs_reauth, disconnected). Every other folder reads and
 * changes connections through these functions.
 */

type Connections = Pick<PrismaClient, "zoomConnection">;

/** The portal's Zoom connection when it can be used. */
export function activeZoomConnection(prisma: Connections, portalId: bigint) {
  return prisma.zoomConnection.findFirst({ where: { portalId, status: "active" } });
}

/** The portal's Zoom connection in whatever state (the settings page explains it). */
export function zoomConnectionOfPortal(prisma: Connections, portalId: bigint) {
  return prisma.zoomConnection.findUnique({ where: { portalId } });
}

export function findZoomConnection(prisma: Connections, id: string) {
  return prisma.zoomConnection.findUnique({ where: { id } });
}

/** The connections of one Zoom account (it may be connected to several portals); `active` ones only when asked. */
export function zoomConnectionsOfAccount(prisma: Connections, accountId: string, only?: { active: true }) {
  return prisma.zoomConnection.findMany({ where: { accountId, ...(only && { status: "active" }) } });
}

export interface ZoomConnectionFields {
  accountId: string;
  zoomUserId: string;
  email: string;
  scopes: string[];
  sealed: SealedTokens;
}

/**
 * Stores the portal's connection, active with these tokens: the same Zoom account keeps
 * its row (and the webinars recorded under it), another account replaces it.
 */
/** What else is written with a stored connection, in its transaction (a backfill started on connect, src/backfill). */
export type OnConnectionSaved = (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0], connection: { id: string; portalId: bigint }) => Promise<void>;

export function saveActiveZoomConnection(prisma: PrismaClient, portalId: bigint, connect: ZoomConnectionFields, onSaved?: OnConnectionSaved) {
  const fields = {
    accountId: connect.accountId,
    zoomUserId: connect.zoomUserId,
    email: connect.email,
    scopes: connect.scopes,
    status: "active" as const,
    disconnectedAt: null,
    deauthorizedAt: null,
    connectedAt: new Date(),
    ...connect.sealed,
  };
  return prisma.$transaction(async (tx) => {
    const existing = await tx.zoomConnection.findUnique({ where: { portalId } });
    let saved;
    if (existing && existing.accountId === connect.accountId) {
      saved = await tx.zoomConnection.update({ where: { id: existing.id }, data: fields });
    } else {
      if (existing) await tx.zoomConnection.delete({ where: { id: existing.id } });
      saved = await tx.zoomConnection.create({ data: { portalId, ...fields } });
    }
    await onSaved?.(tx, saved);
    return saved;
  });
}

const NO_TOKENS = { accessToken: null, refreshToken: null, accessTokenExpiresAt: null };

/** Deletes the tokens; the row stays (disconnected) so its webinars' history remains readable. False when there was none. */
export async function disconnectZoomConnection(prisma: Connections, where: { portalId: bigint } | { id: string }): Promise<boolean> {
  const { count } = await prisma.zoomConnection.updateMany({ where, data: { status: "disconnected", ...NO_TOKENS, disconnectedAt: new Date() } });
  return count > 0;
}

/** Zoom said the app was removed from the account (`deauthorizedAt`): disconnected, without tokens. */
export async function markZoomConnectionDeauthorized(
  prisma: Connections,
  connection: { id: string; disconnectedAt: Date | null },
  deauthorizedAt: Date,
): Promise<void> {
  await prisma.zoomConnection.update({
    where: { id: connection.id },
    data: { status: "disconnected", ...NO_TOKENS, disconnectedAt: connection.disconnectedAt ?? new Date(), deauthorizedAt },
  });
}

/** A refreshed pair, stored only if the row is active and still holds `readRefresh`; false when it changed. */
export async function storeZoomTokens(prisma: Connections, id: string, readRefresh: string, sealed: SealedTokens): Promise<boolean> {
  const { count } = await prisma.zoomConnection.updateMany({ where: { id, status: "active", refreshToken: readRefresh }, data: sealed });
  return count > 0;
}

/** Zoom refused the refresh token: the connection needs reauthorization, if it still holds `readRefresh`. */
export async function markZoomNeedsReauth(prisma: Connections, id: string, readRefresh: string): Promise<boolean> {
  const { count } = await prisma.zoomConnection.updateMany({
    where: { id, status: "active", refreshToken: readRefresh },
    data: { status: "needs_reauth" },
  });
  return count > 0;
}

/** The stored access token counts as expired: the next call refreshes it (the sandbox's "Simulate a problem"). */
export async function expireZoomAccessToken(prisma: Connections, portalId: bigint): Promise<void> {
  await prisma.zoomConnection.updateMany({ where: { portalId }, data: { accessTokenExpiresAt: new Date(0) } });
}
