import type { PrismaClient } from "../db/database";
import { disconnectZoomConnection, saveActiveZoomConnection, zoomConnectionOfPortal, type OnConnectionSaved } from "../connections/repository/zoom-connections";
import { toTokenSet, type OAuthTokenAnswer, type TokenSet, type TokenVault } from "../connections/vault";
import { ensureZoomContactProperties } from "../hubspot/properties";
import type { HubSpotWriter } from "../hubspot/writer";
import type { ZoomApiFactory } from "../zoom/api";
import { getMe } from "../zoom/endpoints/users";
import { findPortal, savePortalInstall } from "./repository/portals";

/**
 * What installing, connecting and disconnecting do (the routes in ./routes.ts run the
 * OAuth flows and call these): each receives what it uses.
 */

type Seal = Pick<TokenVault, "seal">;

export interface PortalInstall {
  hubId: bigint;
  userId: bigint;
  scopes: string[];
  tokens: TokenSet;
}

/**
 * HubSpot granted the install: the portal is stored with its tokens sealed (a reinstall
 * keeps its settings), then the app's contact properties are made sure of in it.
 */
export async function completeHubSpotInstall(
  deps: { prisma: PrismaClient; vault: Seal; hubspotApi: (portalId: bigint) => HubSpotWriter },
  install: PortalInstall,
): Promise<{ created: string[] }> {
  const { hubId, userId, scopes, tokens } = install;
  await savePortalInstall(deps.prisma, { hubId, userId, scopes, sealed: deps.vault.seal(tokens) });
  return ensureZoomContactProperties(deps.hubspotApi(hubId));
}

/**
 * Zoom granted the connection: whose account it is (GET /users/me with the token just
 * granted), then one connection per portal with its tokens sealed. Reconnecting the same
 * Zoom account keeps its row (and the webinars recorded under it); another account replaces it.
 * `onConnected` runs in the transaction that stores the connection (the composition root
 * hands in the start of a backfill of past webinars, src/backfill).
 */
export async function completeZoomConnect(
  deps: { prisma: PrismaClient; vault: Seal; zoomApi: Pick<ZoomApiFactory, "withAccessToken">; onConnected?: OnConnectionSaved },
  portalId: bigint,
  answer: OAuthTokenAnswer,
) {
  const me = await getMe(deps.zoomApi.withAccessToken(answer.access_token));
  return saveActiveZoomConnection(deps.prisma, portalId, {
    accountId: me.account_id,
    zoomUserId: me.id,
    email: me.email.toLowerCase(),
    scopes: (answer.scope ?? "").split(" ").filter(Boolean),
    sealed: deps.vault.seal(toTokenSet(answer)),
  }, deps.onConnected);
}

/** Disconnects the portal's Zoom account: the tokens go, the row stays so its webinars' history remains readable. False when there was none. */
export function disconnectZoom(prisma: PrismaClient, portalId: bigint): Promise<boolean> {
  return disconnectZoomConnection(prisma, { portalId });
}

/** The portal and its Zoom connection as they stand, either null when there is none (settings page, GET /api/session, sandbox panel). */
export async function portalStatus(prisma: PrismaClient, portalId: bigint) {
  const [portal, zoom] = await Promise.all([findPortal(prisma, portalId), zoomConnectionOfPortal(prisma, portalId)]);
  return { portal, zoom };
}
