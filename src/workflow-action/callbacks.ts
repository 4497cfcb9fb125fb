import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../db/database";
import { AppError } from "../lib/errors";
import { claimCallWithPortal, completeCall, deleteClaim, findCall, insertClaim, takeOverClaim } from "./repository";
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
  db: Pick<Database, "sql">,
  callbackId: string,
  portalId: bigint,
): Promise<{ portal: CallPortal; connection: CallConnection | null; claimed: boolean } | undefined> {
  const row = await claimCallWithPortal(db, callbackId, portalId);
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
  db: Pick<Database, "prisma">,
  callbackId: string,
  portalId: bigint,
  waitMs: number,
): Promise<Claim> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (await insertClaim(db.prisma, callbackId, portalId)) return { kind: "claimed" };
    const row = await findCall(db.prisma, callbackId);
    if (row && row.portalId !== portalId) {
      throw new AppError("CALLBACK_CONFLICT", "This callbackId belongs to another portal", 409);
    }
    if (row?.state === "done") return { kind: "answered", output: row.response as unknown as ActionOutput };
    if (row && row.createdAt.getTime() < Date.now() - CLAIM_LEASE_MS) {
      if (await takeOverClaim(db.prisma, callbackId, row.createdAt)) return { kind: "claimed" };
    }
    if (Date.now() >= deadline) return { kind: "busy", retryAfterSeconds: 5 };
    // Gone (the first attempt found Zoom unavailable and let go) or still running: look again.
    await sleep(POLL_EVERY_MS);
  }
}

/** Stores the answer: later deliveries of the callbackId get it as is. */
export function completeCallback(db: Pick<Database, "prisma">, callbackId: string, output: ActionOutput): Promise<void> {
  return completeCall(db.prisma, callbackId, output);
}

/** Nothing was done: HubSpot's retry starts afresh. */
export function releaseCallback(db: Pick<Database, "prisma">, callbackId: string): Promise<void> {
  return deleteClaim(db.prisma, callbackId);
}
