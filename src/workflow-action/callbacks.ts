import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../db/database";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../lib/errors";
import type { ActionOutput } from "./schemas";

/**
 * One execution per HubSpot `callbackId` (table workflow_calls). The first delivery
 * inserts the row (`in_progress`) before anything else happens; a concurrent duplicate
 * finds the row, waits a little for the first one's answer and returns it, or asks
 * HubSpot to come back (429) while it is still running. A claim whose owner died (the
 * row is older than the lease and still in progress) may be taken over. `created_at`
 * is the time of the latest claim.
 */

export const CLAIM_LEASE_MS = 2 * 60 * 1000;
const POLL_EVERY_MS = 25;

export type Claim =
  | { kind: "claimed" }
  | { kind: "answered"; output: ActionOutput }
  | { kind: "busy"; retryAfterSeconds: number };

export async function claimCallback(
  db: Database,
  callbackId: string,
  portalId: bigint,
  waitMs: number,
): Promise<Claim> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const inserted = await db.prisma.workflowCall.createMany({
      data: [{ callbackId, portalId, state: "in_progress" }],
      skipDuplicates: true,
    });
    if (inserted.count === 1) return { kind: "claimed" };
    const row = await db.prisma.workflowCall.findUnique({ where: { callbackId } });
    if (row && row.portalId !== portalId) {
      throw new AppError("CALLBACK_CONFLICT", "This callbackId belongs to another portal", 409);
    }
    if (row?.state === "done") return { kind: "answered", output: row.response as unknown as ActionOutput };
    if (row && row.createdAt.getTime() < Date.now() - CLAIM_LEASE_MS) {
      const taken = await db.prisma.workflowCall.updateMany({
        where: { callbackId, state: "in_progress", createdAt: row.createdAt },
        data: { createdAt: new Date() },
      });
      if (taken.count === 1) return { kind: "claimed" };
    }
    if (Date.now() >= deadline) return { kind: "busy", retryAfterSeconds: 5 };
    // Gone (the first attempt found Zoom unavailable and let go) or still running: look again.
    await sleep(POLL_EVERY_MS);
  }
}

/** Stores the answer: later deliveries of the callbackId get it as is. */
export function completeCallback(tx: Prisma.TransactionClient | Database["prisma"], callbackId: string, output: ActionOutput) {
  return tx.workflowCall.updateMany({
    where: { callbackId, state: "in_progress" },
    data: { state: "done", response: output as unknown as Prisma.InputJsonValue, completedAt: new Date() },
  });
}

/** Nothing was done: HubSpot's retry starts afresh. */
export function releaseCallback(db: Database, callbackId: string) {
  return db.prisma.workflowCall.deleteMany({ where: { callbackId, state: "in_progress" } });
}
