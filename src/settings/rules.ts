/**
 * When a webinar is synced (CONTRACT.md §3, settings; §11 Zoom Events): it does not belong to
 * Zoom Events (left alone whatever the settings; the marker: src/zoom/zoom-events.ts), and all of
 *  - the portal's webinar sync is on;
 *  - its scope is `all`, or `selected` with the host among the selected Zoom users;
 *  - the host's email domain is not an excluded host domain;
 *  - the webinar's own switch is on.
 * Returns the reason when it is not, for the audit log.
 */
export interface SyncSettings {
  webinarSyncEnabled: boolean;
  webinarSyncScope: "none" | "all" | "selected";
  selectedZoomUserIds: string[];
  excludedHostDomains: string[];
}

export type NotSyncedReason = "zoom_events" | "sync_off" | "scope_none" | "host_not_selected" | "host_domain_excluded" | "webinar_off";

export function webinarSyncDecision(
  settings: SyncSettings,
  webinar: { hostId: string | null; hostEmail: string | null; syncEnabled: boolean; zoomEvents?: boolean | null },
): { synced: true } | { synced: false; reason: NotSyncedReason } {
  if (webinar.zoomEvents) return { synced: false, reason: "zoom_events" };
  if (!settings.webinarSyncEnabled) return { synced: false, reason: "sync_off" };
  if (settings.webinarSyncScope === "none") return { synced: false, reason: "scope_none" };
  if (settings.webinarSyncScope === "selected" && !(webinar.hostId && settings.selectedZoomUserIds.includes(webinar.hostId))) {
    return { synced: false, reason: "host_not_selected" };
  }
  if (webinar.hostEmail && isInDomains(webinar.hostEmail, settings.excludedHostDomains)) {
    return { synced: false, reason: "host_domain_excluded" };
  }
  if (!webinar.syncEnabled) return { synced: false, reason: "webinar_off" };
  return { synced: true };
}

/** The email's domain is one of `domains` or a subdomain of one (case-insensitive). */
export function isInDomains(email: string, domains: string[]): boolean {
  const domain = email.toLowerCase().split("@")[1];
  if (!domain) return false;
  return domains.some((d) => {
    const x = d.toLowerCase().replace(/^@/, "");
    return domain === x || domain.endsWith(`.${x}`);
  });
}
