import { z } from "zod";
import type { Database } from "../db/database";
import { listPortalWebinars, type PortalWebinarRow, type WebinarPageKey } from "../webinars/repository/webinars";
import { NOT_SYNCED_WORDS, type ExclusionReason } from "../audit/messages";
import { webinarSyncDecision, type NotSyncedReason, type SyncSettings } from "./rules";

/**
 * GET /api/webinars (CONTRACT.md §3): the portal's webinars a page at a time, latest
 * first, optionally of one host (`host` = the host's Zoom user id, as GET /api/zoom-users
 * lists them; an id stays right when the host's email changes) and whose topic contains
 * `q` (case-insensitive). `limit` is 1–500 (default 100); `after` is the opaque cursor of
 * the previous answer's `X-Next-After` header, which is absent on the last page.
 */

export const MAX_PAGE = 500;

/** The cursor: base64url of `[startTime ISO or null, row id]`, the last row of the page before. */
const Cursor = z
  .string()
  .max(200)
  .transform((text, ctx): WebinarPageKey => {
    const key = decodeCursor(text);
    if (key) return key;
    ctx.addIssue({ code: "custom", message: "is not a cursor from X-Next-After" });
    return z.NEVER;
  });

const CursorBody = z.tuple([z.iso.datetime().nullable(), z.uuid()]);

function decodeCursor(text: string): WebinarPageKey | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const body = CursorBody.safeParse(parsed);
  return body.success ? { startTime: body.data[0] === null ? null : new Date(body.data[0]), id: body.data[1] } : null;
}

const encodeCursor = (row: PortalWebinarRow) =>
  Buffer.from(JSON.stringify([row.start_time ? new Date(row.start_time).toISOString() : null, row.id])).toString("base64url");

/** The query string of GET /api/webinars; other parameters are ignored. */
export const WebinarListQuery = z.object({
  host: z.string().trim().min(1).max(128).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "must be a whole number from 1 to 500")
    .transform(Number)
    .pipe(z.number().int().min(1, "must be at least 1").max(MAX_PAGE, `must be at most ${String(MAX_PAGE)}`))
    .optional(),
  after: Cursor.optional(),
});
export type WebinarListQuery = z.infer<typeof WebinarListQuery>;

/** A webinar's latest sync run as the list shows it (the same shape as GET /api/webinars/:id/runs). */
export interface LastRunView {
  runId: string;
  trigger: string;
  status: string;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  written: number;
  total: number;
  message: string;
}

/** What the newest counted run (synced, partly synced, no changes) found HubSpot holds and left out. */
export interface CountedRunView {
  hubspot: { registrants: number; attendees: number };
  excluded: Record<ExclusionReason, number>;
  averageAttendancePercent: number | null;
}

/** Of each webinar (row id), its latest run and its newest counted run: src/sync, handed in by the composition root. */
export type LatestRunsOf = (webinarIds: string[]) => Promise<Map<string, { lastRun: LastRunView | null; counted: CountedRunView | null }>>;

/** Why a webinar will not sync, in the codes of the list (one rule with the sync's: ./rules.ts). */
export type NotSyncedCode = "zoom_events" | "sync_off" | "scope" | "host_domain" | "webinar_off";
const CODE_OF: Record<NotSyncedReason, NotSyncedCode> = {
  zoom_events: "zoom_events",
  sync_off: "sync_off",
  scope_none: "scope",
  host_not_selected: "scope",
  host_domain_excluded: "host_domain",
  webinar_off: "webinar_off",
};

export function notSyncedReason(settings: SyncSettings, w: PortalWebinarRow): { code: NotSyncedCode; message: string } | null {
  const decision = webinarSyncDecision(settings, { hostId: w.host_id, hostEmail: w.host_email, syncEnabled: w.sync_enabled, zoomEvents: w.zoom_events });
  if (decision.synced) return null;
  const words = NOT_SYNCED_WORDS[decision.reason] ?? "sync is turned off";
  return { code: CODE_OF[decision.reason], message: `Not synced: ${words}.` };
}

/**
 * What the JSON API and the settings page show of a webinar. `numbers`: zoom = the facts
 * recorded now; hubspot, excluded and the average attendance = the newest counted run's
 * (null before any run has counted them; a webinar never synced has nothing in HubSpot
 * to count, which is not the same as 0).
 */
export const webinarView = (w: PortalWebinarRow, settings: SyncSettings | null, runs?: { lastRun: LastRunView | null; counted: CountedRunView | null }) => ({
  webinarId: w.zoom_webinar_id,
  topic: w.topic,
  startTime: w.start_time ? new Date(w.start_time).toISOString() : null,
  hostEmail: w.host_email,
  syncEnabled: w.sync_enabled,
  /** How a recurring webinar counts in the four properties: "series" (one webinar) or "occurrence". */
  attendanceCounting: w.attendance_counting === "occurrence" ? ("occurrence" as const) : ("series" as const),
  /** Two or more occurrences that still take place. */
  recurring: w.live_occurrences >= 2,
  registrants: w.registrants,
  attendees: w.attendees,
  lastSync: { at: w.last_sync_at ? new Date(w.last_sync_at).toISOString() : null, status: w.last_sync_status },
  lastRun: runs?.lastRun ?? null,
  numbers: {
    zoom: { registrants: w.registrants, attendees: w.attendees },
    hubspot: runs?.counted?.hubspot ?? null,
    excluded: runs?.counted?.excluded ?? null,
    averageAttendancePercent: runs?.counted?.averageAttendancePercent ?? null,
  },
  notSyncedReason: settings ? notSyncedReason(settings, w) : null,
});

const noRuns: Awaited<ReturnType<LatestRunsOf>> = new Map();

async function syncSettingsOf(db: Pick<Database, "prisma">, portalId: bigint): Promise<SyncSettings | null> {
  return db.prisma.portal.findUnique({
    where: { id: portalId },
    select: { webinarSyncEnabled: true, webinarSyncScope: true, selectedZoomUserIds: true, excludedHostDomains: true },
  });
}

/**
 * One page of the portal's webinars, and the cursor of the next page (null on the last
 * one). Three queries whatever the page's size: the page, the portal's settings, and
 * the page's latest runs (`runsOf`, one statement).
 */
export async function listWebinarPage(db: Pick<Database, "prisma">, portalId: bigint, q: WebinarListQuery, runsOf?: LatestRunsOf) {
  const limit = q.limit ?? 100;
  // The portal's settings are read beside the page; the runs need the page's ids.
  const settingsRead = syncSettingsOf(db, portalId);
  settingsRead.catch(() => undefined);
  // One row more than asked tells whether another page follows.
  const rows = await listPortalWebinars(db.prisma, portalId, {
    hostZoomUserId: q.host,
    topicContains: q.q || undefined,
    after: q.after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const [settings, runs] = await Promise.all([settingsRead, runsOf?.(page.map((r) => r.id)) ?? noRuns]);
  return { webinars: page.map((r) => webinarView(r, settings, runs.get(r.id))), nextAfter: rows.length > limit && last ? encodeCursor(last) : null };
}

/** One webinar of the portal as the list shows it (PUT /api/webinars/:webinarId's answer). */
export async function webinarListItem(db: Pick<Database, "prisma">, portalId: bigint, id: string, runsOf?: LatestRunsOf) {
  const [row] = await listPortalWebinars(db.prisma, portalId, { onlyId: id, limit: 1 });
  if (!row) return undefined;
  const [settings, runs] = await Promise.all([syncSettingsOf(db, portalId), runsOf?.([row.id]) ?? noRuns]);
  return webinarView(row, settings, runs.get(row.id));
}
