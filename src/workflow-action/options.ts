import { activeZoomConnection } from "../connections/repository/zoom-connections";
import { findPortal } from "../install/repository/portals";
import { listZoomUsers } from "../webinars/repository/zoom-users";
import { ensureZoomUsers } from "../webinars/zoom-users";
import type { ZoomApi } from "../zoom/api";
import { listUserWebinars, type ListedWebinar } from "../zoom/endpoints/webinars";
import type { WorkflowActionDeps } from "./deps";
import type { FetchOptionsBody } from "./schemas";

/**
 * The webinar dropdown of the action (`optionsUrl`): the connected Zoom account's
 * upcoming webinars, soonest first, filtered by what the marketer typed
 * (`fetchOptions.q`, matched against topic and id), paged with an opaque `after`.
 */

export const OPTIONS_PAGE_SIZE = 50;
/** Users whose webinars are listed at the same time. */
const PARALLEL_USERS = 4;

export interface ActionOptions {
  options: { label: string; value: string; description: string }[];
  after?: string;
  searchable: true;
}

export async function webinarOptions(s: Pick<WorkflowActionDeps, "db" | "config" | "vault" | "zoomApi">, body: FetchOptionsBody, now = new Date()): Promise<ActionOptions> {
  const empty: ActionOptions = { options: [], searchable: true };
  const portal = await findPortal(s.db.prisma, body.origin.portalId);
  if (!portal || portal.uninstalledAt) return empty;
  const connection = await activeZoomConnection(s.db.prisma, portal.id);
  if (!connection) return empty;

  const zoom = s.zoomApi(connection.id, { retries: 1, timeoutMs: 8_000 });
  const webinars = await upcomingWebinars(zoom, await zoomUserIds(s, connection.id), now);
  const q = (body.fetchOptions?.q ?? "").trim().toLowerCase();
  const qDigits = q.replace(/[\s-]/g, "");
  const matching = webinars.filter(
    (w) => !q || w.topic.toLowerCase().includes(q) || (/^\d+$/.test(qDigits) && w.id.includes(qDigits)),
  );
  const start = decodeAfter(body.fetchOptions?.after);
  const page = matching.slice(start, start + OPTIONS_PAGE_SIZE);
  const next = start + OPTIONS_PAGE_SIZE;
  return {
    options: page.map((w) => ({ label: labelOf(w), value: w.id, description: describe(w) })),
    ...(next < matching.length && { after: Buffer.from(String(next)).toString("base64url") }),
    searchable: true,
  };
}

/** The account's users (zoom_users, read from Zoom and kept when there are none yet). */
async function zoomUserIds(s: Pick<WorkflowActionDeps, "db" | "zoomApi">, connectionId: string): Promise<string[]> {
  await ensureZoomUsers(s, connectionId);
  return (await listZoomUsers(s.db.prisma, connectionId)).map((u) => u.zoomUserId);
}

async function upcomingWebinars(zoom: ZoomApi, userIds: string[], now: Date): Promise<ListedWebinar[]> {
  const byId = new Map<string, ListedWebinar>();
  const queue = [...userIds];
  const worker = async () => {
    for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
      for (const w of await listUserWebinars(zoom, userId)) if (isUpcoming(w, now)) byId.set(w.id, w);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_USERS, userIds.length) }, worker));
  return [...byId.values()].sort((a, b) => startMs(a) - startMs(b) || a.id.localeCompare(b.id));
}

/** Not over yet; recurring webinars without a fixed time always are. */
function isUpcoming(w: ListedWebinar, now: Date): boolean {
  if (!w.start_time) return true;
  return startMs(w) + (w.duration ?? 0) * 60_000 >= now.getTime();
}

const startMs = (w: ListedWebinar) => (w.start_time ? Date.parse(w.start_time) : Number.MAX_SAFE_INTEGER);

/** "Topic — 2026-12-03 15:00 Europe/Paris (81234567890)", the date in the webinar's own time zone. */
export function labelOf(w: { id: string; topic: string; start_time?: string; timezone?: string }): string {
  const when = w.start_time ? formatDate(new Date(w.start_time), w.timezone) : "recurring";
  return `${w.topic || "Untitled webinar"} — ${when} (${w.id})`;
}

function formatDate(date: Date, timezone?: string): string {
  const zone = timezone && isTimeZone(timezone) ? timezone : "UTC";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute", string>; // the parts the options above ask for
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${zone}`;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const describe = (w: ListedWebinar) => (w.duration ? `${w.duration} minutes` : "");

function decodeAfter(after: string | null | undefined): number {
  if (!after) return 0;
  const n = Number(Buffer.from(after, "base64url").toString());
  return Number.isInteger(n) && n > 0 ? n : 0;
}
