import { z } from "zod";
import type { Database } from "../db/database";
import { listPortalWebinars, type PortalWebinarRow, type WebinarPageKey } from "../webinars/repository/webinars";

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

/** What the JSON API and the settings page show of a webinar. */
export const webinarView = (w: PortalWebinarRow) => ({
  webinarId: w.zoom_webinar_id,
  topic: w.topic,
  startTime: w.start_time ? new Date(w.start_time).toISOString() : null,
  hostEmail: w.host_email,
  syncEnabled: w.sync_enabled,
  registrants: w.registrants,
  attendees: w.attendees,
  lastSync: { at: w.last_sync_at ? new Date(w.last_sync_at).toISOString() : null, status: w.last_sync_status },
});

/** One page of the portal's webinars, and the cursor of the next page (null on the last one). */
export async function listWebinarPage(db: Pick<Database, "prisma">, portalId: bigint, q: WebinarListQuery) {
  const limit = q.limit ?? 100;
  // One row more than asked tells whether another page follows.
  const rows = await listPortalWebinars(db.prisma, portalId, {
    hostZoomUserId: q.host,
    topicContains: q.q || undefined,
    after: q.after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { webinars: page.map(webinarView), nextAfter: rows.length > limit && last ? encodeCursor(last) : null };
}

/** One webinar of the portal as the list shows it (PUT /api/webinars/:webinarId's answer). */
export async function webinarListItem(db: Pick<Database, "prisma">, portalId: bigint, id: string) {
  const [row] = await listPortalWebinars(db.prisma, portalId, { onlyId: id, limit: 1 });
  return row ? webinarView(row) : undefined;
}
