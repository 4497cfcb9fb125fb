import { z } from "zod";
import type { Database, PrismaClient } from "../db/database";
import { activeZoomConnection } from "../connections/repository/zoom-connections";
import { invalidInput } from "../http/invalid-input";
import { AppError } from "../lib/errors";
import type { JobQueue } from "../queue/queue";
import { findZoomUser } from "../webinars/repository/zoom-users";
import { backfillView, scheduleNext, type BackfillView } from "./plan";
import {
  connectionHasBackfill, createBackfill, findPortalBackfill, latestBackfillOfScope, latestBackfillsOfPortal, markResumed, markStopped,
  type Tx,
} from "./repository";

/**
 * Starting, resuming, stopping and reading backfills (CONTRACT.md §11 "Backfill"): the
 * routes (./routes.ts) and the Zoom connection (src/install, through the composition
 * root) call these. The work itself is in ./steps.ts.
 */

export const DEFAULT_DAYS = 90;
export const MAX_DAYS = 180;
const DAY_MS = 86_400_000;

type Deps = { db: Pick<Database, "prisma">; queue: JobQueue };

export const BackfillInput = z
  .object({
    zoomUserId: z.string({ error: "must be a Zoom user id (text)" }).trim().min(1, { error: "must not be empty" }).max(64).optional(),
    days: z
      .number({ error: `must be a whole number of days from 1 to ${MAX_DAYS}` })
      .int({ error: `must be a whole number of days from 1 to ${MAX_DAYS}` })
      .min(1, { error: `must be at least 1 day` })
      .max(MAX_DAYS, { error: `must be at most ${MAX_DAYS} days (what Zoom's reports keep)` })
      .default(DEFAULT_DAYS),
  })
  .strict();
export type BackfillInput = z.infer<typeof BackfillInput>;

/**
 * POST /api/backfill: a backfill of one Zoom user's webinars, or of every user in scope.
 * The same scope's backfill still running is answered as is; a stopped or failed one with
 * the same `days` resumes where it stopped; otherwise a new one starts.
 */
export async function startOrResumeBackfill(s: Deps, portalId: bigint, body: unknown): Promise<{ backfillId: string; resumed: boolean }> {
  const parsed = BackfillInput.safeParse(body ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, { code: "VALIDATION", at: "body" });
  const { zoomUserId = null, days } = parsed.data;
  const connection = await activeZoomConnection(s.db.prisma, portalId);
  if (!connection) throw new AppError("ZOOM_NOT_CONNECTED", "Connect Zoom first: there is no Zoom account to import webinars from", 409);
  if (zoomUserId && !(await findZoomUser(s.db.prisma, connection.id, zoomUserId))) {
    throw new AppError("VALIDATION", `zoomUserId: ${zoomUserId} is not a user of the connected Zoom account`, 400, {
      errors: [{ path: "zoomUserId", message: "is not a user of the connected Zoom account" }],
    });
  }
  return s.db.prisma.$transaction(async (tx) => {
    const latest = await latestBackfillOfScope(tx, connection.id, zoomUserId);
    if (latest?.status === "running") return { backfillId: latest.id, resumed: false };
    if (latest && latest.days === days && (latest.status === "stopped" || latest.status === "failed")) {
      const resumed = await markResumed(tx, latest.id);
      if (resumed) {
        await scheduleNext(s.queue, tx, resumed);
        return { backfillId: resumed.id, resumed: true };
      }
    }
    const created = await begin(s.queue, tx, { portalId, connectionId: connection.id, zoomUserId, days });
    return { backfillId: created, resumed: false };
  });
}

/**
 * Zoom was just connected: a backfill of the last `days` days for the whole connection,
 * in the transaction that stores the connection (src/install). Once per connection: a
 * reconnection of the same Zoom account (same row) starts none.
 */
export async function startBackfillOnConnect(queue: JobQueue, tx: Tx, connection: { id: string; portalId: bigint }, days: number): Promise<void> {
  if (days <= 0 || (await connectionHasBackfill(tx, connection.id))) return;
  await begin(queue, tx, { portalId: connection.portalId, connectionId: connection.id, zoomUserId: null, days });
}

async function begin(queue: JobQueue, tx: Tx, b: { portalId: bigint; connectionId: string; zoomUserId: string | null; days: number }) {
  const row = await createBackfill(tx, { ...b, since: new Date(Date.now() - b.days * DAY_MS) });
  await scheduleNext(queue, tx, row);
  return row.id;
}

export async function portalBackfill(prisma: PrismaClient, portalId: bigint, id: string): Promise<BackfillView> {
  return backfillView(await ownBackfill(prisma, portalId, id));
}

/** DELETE /api/backfill/:id: a running backfill stops after the step it is in; any other is answered as it is. */
export async function stopBackfill(prisma: PrismaClient, portalId: bigint, id: string): Promise<BackfillView> {
  await ownBackfill(prisma, portalId, id);
  await markStopped(prisma, id);
  return backfillView(await ownBackfill(prisma, portalId, id));
}

/** GET /api/backfill: the latest backfill of each scope (the whole connection, each Zoom user), newest first. */
export async function portalBackfills(prisma: PrismaClient, portalId: bigint): Promise<BackfillView[]> {
  return (await latestBackfillsOfPortal(prisma, portalId)).map(backfillView);
}

async function ownBackfill(prisma: PrismaClient, portalId: bigint, id: string) {
  const b = z.uuid().safeParse(id).success ? await findPortalBackfill(prisma, portalId, id) : null;
  if (!b) throw new AppError("NOT_FOUND", "No such backfill", 404);
  return b;
}
