import type { PrismaClient } from "../db/database";
import type { ZoomPage } from "../zoom/endpoint";
import { isZoomPermanent } from "../zoom/errors";
import { deleteResyncProgress, findResyncProgress, saveResyncProgress } from "./repository/resync-progress";
import type { Tx } from "./repository/webinars";

/**
 * How far "Sync now" got reading a webinar from Zoom (table zoom_resync_progress), so a
 * retry resumes at the page it stopped at instead of re-reading every page.
 *
 * Each page is written in its own short transaction together with the token of the
 * next page: what is recorded and where to resume never disagree. The writes are
 * idempotent upserts, so reading a page twice (a crash between Zoom's answer and the
 * commit) or restarting a listing from its first page gives the same rows; progress
 * only makes a retry cheap. Zoom's next_page_token expires after 15 minutes
 * (https://developers.zoom.us/docs/api/using-zoom-apis/#pagination): an older one is
 * not used, the listing starts over. A finished phase is skipped by a retry within the
 * hour (the sync-now job's lifetime); after that, or once the whole "Sync now" is
 * through, the rows are removed and the next one reads everything again.
 */

export type ResyncPhase = "registrants" | "participants:report" | "participants:past" | "recordings";

/** Zoom's page tokens live 15 minutes; a little less, so a token is never sent as it expires. */
const TOKEN_VALID_MS = 14 * 60_000;
const DONE_VALID_MS = 60 * 60_000;

export interface PhaseProgress {
  nextPageToken?: string;
  pages: number;
  items: number;
  done: boolean;
}

const fresh = (): PhaseProgress => ({ pages: 0, items: 0, done: false });

/** Where `phase` stands: fresh when never started, too old to resume, or its token expired. */
export async function loadProgress(prisma: PrismaClient, webinarId: string, phase: ResyncPhase): Promise<PhaseProgress> {
  const row = await findResyncProgress(prisma, webinarId, phase);
  if (!row) return fresh();
  const age = Date.now() - row.updatedAt.getTime();
  if (row.done) return age < DONE_VALID_MS ? { pages: row.pages, items: row.items, done: true } : fresh();
  if (!row.nextPageToken || age >= TOKEN_VALID_MS) return fresh();
  return { nextPageToken: row.nextPageToken, pages: row.pages, items: row.items, done: false };
}

export function saveProgress(tx: Tx, webinarId: string, phase: ResyncPhase, p: PhaseProgress): Promise<void> {
  return saveResyncProgress(tx, webinarId, phase, p);
}

/** The re-read is through (or given up): the next "Sync now" reads everything again. */
export function clearResyncProgress(prisma: PrismaClient, webinarId: string): Promise<void> {
  return deleteResyncProgress(prisma, webinarId);
}

/**
 * Reads a Zoom list page by page from where `phase` stopped, writing each page and the
 * progress in one short transaction. `fetchPage` answers undefined when Zoom has no such
 * list (a 404 and the like) — on the first page only; the phase then returns undefined.
 * A resumed token Zoom refuses (4xx: expired or unknown) restarts the listing once.
 */
export async function readPaged(
  prisma: PrismaClient,
  webinarId: string,
  phase: ResyncPhase,
  fetchPage: (token: string | undefined) => Promise<ZoomPage | undefined>,
  write: (tx: Tx, items: unknown[]) => Promise<number>,
): Promise<{ items: number } | undefined> {
  let progress = await loadProgress(prisma, webinarId, phase);
  if (progress.done) return { items: progress.items };
  let resumed = progress.nextPageToken !== undefined;
  do {
    let page: ZoomPage | undefined;
    try {
      page = await fetchPage(progress.nextPageToken);
    } catch (err) {
      // Not confirmed (README "Known unknowns"): the status Zoom answers for an expired
      // next_page_token (documented as expiring after 15 minutes); any refusal of it
      // (src/zoom/errors.ts: a 4xx but a refused token or a rate limit) restarts the listing.
      if (!(resumed && isZoomPermanent(err))) throw err;
      resumed = false;
      progress = fresh();
      continue;
    }
    resumed = false;
    if (!page) {
      if (progress.pages === 0) return undefined;
      page = { items: [] };
    }
    const items = page.items;
    const next: PhaseProgress = { nextPageToken: page.next, pages: progress.pages + 1, items: progress.items, done: !page.next };
    await prisma.$transaction(async (tx) => {
      next.items += await write(tx, items);
      await saveProgress(tx, webinarId, phase, next);
    });
    progress = next;
  } while (!progress.done);
  return { items: progress.items };
}
