import { listUsers } from "../zoom/endpoints/users";
import type { WebinarsDeps } from "./deps";
import { countZoomUsers, findZoomUser, saveZoomUser } from "./repository/zoom-users";

/**
 * The users of a connected Zoom account, kept in zoom_users with their per-user sync
 * switches. Read from `GET /users` (listUsers, src/zoom/endpoints/users.ts) the first
 * time a connection is used and whenever a webinar's host is not known yet. A refresh never touches the switches.
 */

/** At most one refresh per connection per minute, so an unknown host cannot make us poll Zoom per event. */
const REFRESH_EVERY_MS = 60_000;
const lastRefresh = new Map<string, number>();

type Deps = Pick<WebinarsDeps, "db" | "zoomApi">;

export async function refreshZoomUsers(s: Deps, connectionId: string): Promise<number> {
  const users = await listUsers(s.zoomApi(connectionId), { status: "active" });
  lastRefresh.set(connectionId, Date.now());
  let count = 0;
  for (const u of users) {
    const displayName = u.display_name ?? [u.first_name, u.last_name].filter(Boolean).join(" ");
    await saveZoomUser(s.db.prisma, connectionId, u.id, { email: u.email.toLowerCase(), displayName });
    count++;
  }
  return count;
}

/** Fills zoom_users the first time a connection is used. */
export async function ensureZoomUsers(s: Deps, connectionId: string): Promise<void> {
  const known = await countZoomUsers(s.db.prisma, connectionId);
  if (known === 0) await refreshZoomUsers(s, connectionId);
}

/** The host's row, reading the account's users from Zoom when the host is not known yet. */
export async function findHost(s: Deps, connectionId: string, hostId: string | undefined) {
  if (!hostId) return undefined;
  const known = await findZoomUser(s.db.prisma, connectionId, hostId);
  if (known) return known;
  if (Date.now() - (lastRefresh.get(connectionId) ?? 0) < REFRESH_EVERY_MS) return undefined;
  await refreshZoomUsers(s, connectionId);
  return (await findZoomUser(s.db.prisma, connectionId, hostId)) ?? undefined;
}
