import type { PrismaClient } from "../db/database";
import type { Backfill, Prisma } from "../generated/prisma/client";

/**
 * The backfills table (owner: src/backfill). A backfill's row is where it stands: the
 * Zoom users still to list and the page cursor, the webinars found and still to import,
 * the ones imported. Every step moves it on with a conditional write (`advance`): only a
 * running backfill at the step the job carries, so a doubled, stale or stopped job writes nothing.
 */

export type Tx = Prisma.TransactionClient;
export type { Backfill };

export type BackfillStatus = "running" | "done" | "stopped" | "failed";

/** A webinar found in Zoom's list of past webinars, still to import. */
export interface PendingWebinar {
  id: string;
  topic: string;
  startTime: string | null;
  uuid: string | null;
  hostId: string | null;
}

export const pendingOf = (b: Pick<Backfill, "pending">): PendingWebinar[] => (Array.isArray(b.pending) ? (b.pending as unknown as PendingWebinar[]) : []);

export function createBackfill(
  tx: Tx | PrismaClient,
  data: { portalId: bigint; connectionId: string; zoomUserId: string | null; days: number; since: Date },
): Promise<Backfill> {
  return tx.backfill.create({ data: { ...data, status: "running" } });
}

export function findBackfill(tx: Tx | PrismaClient, id: string): Promise<Backfill | null> {
  return tx.backfill.findUnique({ where: { id } });
}

/** A portal's backfill; another portal's is not found. */
export function findPortalBackfill(prisma: PrismaClient, portalId: bigint, id: string): Promise<Backfill | null> {
  return prisma.backfill.findFirst({ where: { id, portalId } });
}

/** The latest backfill of a connection for one scope (a Zoom user, or null: every user in scope). */
export function latestBackfillOfScope(tx: Tx | PrismaClient, connectionId: string, zoomUserId: string | null): Promise<Backfill | null> {
  return tx.backfill.findFirst({ where: { connectionId, zoomUserId }, orderBy: { startedAt: "desc" } });
}

export async function connectionHasBackfill(tx: Tx, connectionId: string): Promise<boolean> {
  return (await tx.backfill.count({ where: { connectionId } })) > 0;
}

/** The portal's latest backfill per scope, newest first (the settings page). */
export async function latestBackfillsOfPortal(prisma: PrismaClient, portalId: bigint): Promise<Backfill[]> {
  const rows = await prisma.backfill.findMany({ where: { portalId }, orderBy: { startedAt: "desc" }, take: 200 });
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.connectionId} ${r.zoomUserId ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Moves a backfill from step `step` to the next with `data`; false (nothing written) when
 * another job already took this step, or it ended. A step that was under way when an
 * admin stopped the backfill is still recorded (its work is done); the next one is not
 * scheduled (src/backfill/plan.ts).
 */
export async function advance(tx: Tx, id: string, step: number, data: Prisma.BackfillUpdateManyMutationInput): Promise<boolean> {
  const { count } = await tx.backfill.updateMany({ where: { id, step, status: { in: ["running", "stopped"] } }, data: { ...data, step: step + 1 } });
  return count === 1;
}

/** Ends a running backfill (done or failed) with its message; false when it was not running. */
export async function finish(tx: Tx | PrismaClient, id: string, status: "done" | "failed", message: string | null): Promise<boolean> {
  const { count } = await tx.backfill.updateMany({ where: { id, status: "running" }, data: { status, message, finishedAt: new Date() } });
  return count === 1;
}

/** Stops a running backfill; false when it was not running. */
export async function markStopped(prisma: PrismaClient, id: string): Promise<boolean> {
  const { count } = await prisma.backfill.updateMany({
    where: { id, status: "running" },
    data: { status: "stopped", message: "Stopped by an admin: importing again resumes where it stopped.", finishedAt: new Date() },
  });
  return count === 1;
}

/** A stopped or failed backfill runs again from the step it reached; its row as it is now, or null when it was not stopped or failed. */
export async function markResumed(tx: Tx, id: string): Promise<Backfill | null> {
  const { count } = await tx.backfill.updateMany({
    where: { id, status: { in: ["stopped", "failed"] } },
    data: { status: "running", message: null, finishedAt: null },
  });
  return count === 1 ? tx.backfill.findUnique({ where: { id } }) : null;
}

/** When the webinar's last participant left, from its recorded join/leave facts (null: none recorded). */
export async function lastLeaveOf(tx: Tx | PrismaClient, webinarId: string): Promise<Date | null> {
  const { _max } = await tx.participantEvent.aggregate({ where: { webinarId, kind: "leave" }, _max: { at: true } });
  return _max.at;
}
