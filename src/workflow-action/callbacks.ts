import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../db/database";
import { Prisma } from "../generated/prisma/client";
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

/** What the action needs to know about the portal and its Zoom connection. */
export interface CallPortal {
  id: bigint;
  uninstalledAt: Date | null;
}
/** The portal's active Zoom connection, with its sealed token (for TokenVault.zoomAccessTokenFrom). */
export interface CallConnection {
  id: string;
  email: string;
  accessToken: string | null;
  refreshToken: string | null;
  accessTokenExpiresAt: Date | null;
}

/**
 * The first step of a delivery, in one statement: the portal, its active Zoom
 * connection, and the claim of the callbackId (inserted only when the portal exists).
 * Undefined when there is no portal row. `claimed` false means the callbackId was
 * already there: claimCallback sorts out what that means.
 */
export async function startCall(
  db: Database,
  callbackId: string,
  portalId: bigint,
): Promise<{ portal: CallPortal; connection: CallConnection | null; claimed: boolean } | undefined> {
  const rows = await db.sql.query<{
    uninstalled_at: Date | null;
    claimed: boolean;
    connection_id: string | null;
    email: string | null;
    access_token_enc: string | null;
    refresh_token_enc: string | null;
    access_token_expires_at: Date | null;
  }>(
    `WITH claim AS (
       INSERT INTO workflow_calls (callback_id, portal_id, state, created_at)
       SELECT $2, hub_id, 'in_progress', $3 FROM portals WHERE hub_id = $1::bigint
       ON CONFLICT DO NOTHING
       RETURNING 1)
     SELECT p.uninstalled_at, EXISTS (SELECT 1 FROM claim) AS claimed,
            c.id::text AS connection_id, c.email, c.access_token_enc, c.refresh_token_enc, c.access_token_expires_at
     FROM portals p LEFT JOIN zoom_connections c ON c.portal_id = p.hub_id AND c.status = 'active'
     WHERE p.hub_id = $1::bigint`,
    [String(portalId), callbackId, new Date()],
    // Once per delivery: parsed and planned once per connection.
    { prepare: true },
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    portal: { id: portalId, uninstalledAt: row.uninstalled_at },
    connection: row.connection_id
      ? {
          id: row.connection_id,
          email: row.email ?? "",
          accessToken: row.access_token_enc,
          refreshToken: row.refresh_token_enc,
          accessTokenExpiresAt: row.access_token_expires_at,
        }
      : null,
    claimed: row.claimed,
  };
}

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
    data: { state: "done", response: output, completedAt: new Date() },
  });
}

/**
 * completeCallback for several callbacks, as a statement to run inside another
 * (src/webinars' recordRegistrationsForZoomWebinars): only those whose index is in
 * `recorded` (a relation with column `ord`) are completed.
 */
export function completeCallbacksSql(calls: { callbackId: string; output: ActionOutput }[], recorded: Prisma.Sql): Prisma.Sql {
  const values = calls.map((c, i) => Prisma.sql`(${i}::int, ${c.callbackId}::text, ${JSON.stringify(c.output)}::jsonb)`);
  return Prisma.sql`
    UPDATE workflow_calls AS w SET state = 'done', response = v.response, completed_at = ${new Date()}::timestamptz
    FROM (VALUES ${Prisma.join(values)}) AS v (ord, callback_id, response)
    WHERE w.callback_id = v.callback_id AND w.state = 'in_progress' AND v.ord IN (SELECT ord FROM ${recorded})`;
}

/** Nothing was done: HubSpot's retry starts afresh. */
export function releaseCallback(db: Database, callbackId: string) {
  return db.prisma.workflowCall.deleteMany({ where: { callbackId, state: "in_progress" } });
}
