import { query, statement } from "../../db/statement";
import type { ZoomResyncProgress } from "../../generated/prisma/client";
import type { Tx } from "./webinars";

/** The zoom_resync_progress table (owner: src/webinars): how far "Sync now" got, per webinar and phase. */

export function findResyncProgress(tx: Tx, webinarId: string, phase: string): Promise<ZoomResyncProgress | null> {
  return tx.zoomResyncProgress.findUnique({ where: { webinarId_phase: { webinarId, phase } } });
}

const save = statement(
  "webinars.saveResyncProgress",
  `INSERT INTO zoom_resync_progress (webinar_id, phase, next_page_token, pages, items, done, updated_at)
   VALUES ($1::uuid, $2::text, $3::text, $4::int, $5::int, $6::boolean, now())
   ON CONFLICT (webinar_id, phase) DO UPDATE SET
     next_page_token = EXCLUDED.next_page_token, pages = EXCLUDED.pages, items = EXCLUDED.items,
     done = EXCLUDED.done, updated_at = now()`,
);

export async function saveResyncProgress(
  tx: Tx,
  webinarId: string,
  phase: string,
  p: { nextPageToken?: string; pages: number; items: number; done: boolean },
): Promise<void> {
  await query(tx, save, [webinarId, phase, p.nextPageToken ?? null, p.pages, p.items, p.done]);
}

export async function deleteResyncProgress(tx: Tx, webinarId: string): Promise<void> {
  await tx.zoomResyncProgress.deleteMany({ where: { webinarId } });
}
