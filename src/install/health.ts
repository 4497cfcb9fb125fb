import type { RequestHandler } from "express";
import type { PrismaClient } from "../db/database";
import { openOperatorAlerts } from "../connections/repository/operator-alerts";
import { zoomConnectionOfPortal } from "../connections/repository/zoom-connections";
import { findPortal } from "./repository/portals";
import { signedInPortalId } from "./session";

/**
 * Whether the portal's two connections work, recomputed from the recorded facts each time
 * (portals.uninstalled_at, zoom_connections.status and deauthorized_at, the operator
 * alerts): what went wrong in plain words and the one action that fixes it. The settings
 * pages show it as a banner (views/partials/health-banner.ejs), GET /api/connections/health
 * answers it, and the sync says it once in each affected webinar's audit log.
 */
export type HealthStatus = "ok" | "uninstalled" | "revoked" | "needs_reauth" | "deauthorized" | "not_connected" | "invalid_client";

export interface Health {
  status: HealthStatus;
  message: string;
  action: null | { label: string; href: string };
  /** When this problem started (null when there is none, or when not known): one incident, one audit entry. */
  since: string | null;
}

export interface ConnectionHealth {
  hubspot: Health;
  zoom: Health;
}

const INSTALL = { label: "Install again", href: "/install" };
const RECONNECT_ZOOM = { label: "Reconnect Zoom", href: "/oauth/zoom/connect" };
const ASK_OPERATOR = "ask whoever runs this app to check its client ID and secret";

const ok = (service: string): Health => ({ status: "ok", message: `${service} is connected.`, action: null, since: null });
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function connectionHealth(prisma: PrismaClient, portalId: bigint): Promise<ConnectionHealth> {
  const [portal, zoom, alerts] = await Promise.all([findPortal(prisma, portalId), zoomConnectionOfPortal(prisma, portalId), openOperatorAlerts(prisma)]);
  const alert = (provider: string) => alerts.find((a) => a.provider === provider);
  return { hubspot: hubspotHealth(portal, alert("hubspot")), zoom: zoomHealth(zoom, alert("zoom")) };
}

type Alert = { firstSeenAt: Date } | undefined;

function hubspotHealth(portal: { uninstalledAt: Date | null } | null, alert: Alert): Health {
  // A wrong client secret hides every tenant's state: it is the one thing to fix first.
  if (alert) {
    return { status: "invalid_client", message: `HubSpot refused this app's own credentials: nothing is synced until they are corrected; ${ASK_OPERATOR}.`, action: null, since: iso(alert.firstSeenAt) };
  }
  if (!portal) return { status: "not_connected", message: "The app is not installed in this HubSpot portal.", action: INSTALL, since: null };
  if (portal.uninstalledAt) {
    return {
      status: "uninstalled",
      message: "HubSpot refused the app (it was uninstalled or its access was revoked): nothing is synced until it is installed again.",
      action: INSTALL,
      since: iso(portal.uninstalledAt),
    };
  }
  return ok("HubSpot");
}

function zoomHealth(zoom: { status: string; deauthorizedAt: Date | null; disconnectedAt: Date | null; updatedAt: Date } | null, alert: Alert): Health {
  if (alert) {
    return { status: "invalid_client", message: `Zoom refused this app's own credentials: no webinar data is read until they are corrected; ${ASK_OPERATOR}.`, action: null, since: iso(alert.firstSeenAt) };
  }
  if (!zoom) return { status: "not_connected", message: "Zoom is not connected.", action: { label: "Connect Zoom", href: RECONNECT_ZOOM.href }, since: null };
  if (zoom.status === "needs_reauth") {
    return {
      status: "needs_reauth",
      message: "Zoom refused the app's access (it was revoked or expired): no webinar data is read until you reconnect Zoom.",
      action: RECONNECT_ZOOM,
      since: iso(zoom.updatedAt),
    };
  }
  if (zoom.status === "disconnected" && zoom.deauthorizedAt) {
    return {
      status: "deauthorized",
      message: "The app was removed from the Zoom account, and the people's data recorded from it was deleted: nothing is synced until you reconnect Zoom.",
      action: RECONNECT_ZOOM,
      since: iso(zoom.deauthorizedAt),
    };
  }
  if (zoom.status !== "active") return { status: "not_connected", message: "Zoom is disconnected.", action: { label: "Connect Zoom", href: RECONNECT_ZOOM.href }, since: iso(zoom.disconnectedAt) };
  return ok("Zoom");
}

/** The problems a person must act on (not "ok", and not a Zoom account simply not connected yet): the banner's lines. */
export function healthProblems(health: ConnectionHealth): Health[] {
  return [health.hubspot, health.zoom].filter((h) => h.status !== "ok" && h.status !== "not_connected");
}

/** The first problem that stops this portal's webinars from syncing, for their audit logs. */
export function syncIncident(health: ConnectionHealth): Health | undefined {
  return healthProblems(health)[0];
}

/** For signed-in pages: `res.locals.healthProblems`, which the shared layout's banner shows. */
export function healthBannerLocals(db: { prisma: PrismaClient }): RequestHandler {
  return (req, res, next) => {
    const portalId = signedInPortalId(req);
    if (req.method !== "GET" || portalId === undefined) {
      next();
      return;
    }
    connectionHealth(db.prisma, portalId).then((health) => {
      res.locals.healthProblems = healthProblems(health);
      next();
    }, next);
  };
}
