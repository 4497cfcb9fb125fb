import type { Database } from "../db/database";
import { query, statement } from "../db/statement";
import type { Prisma, WorkflowCall } from "../generated/prisma/client";

/**
 * The workflow_calls table (owner: src/workflow-action): one row per HubSpot
 * `callbackId`, claimed (`in_progress`) before anything else happens and holding the
 * answer once done. (A registration's answer is written with the registration itself,
 * in one statement of src/webinars/repository/people.ts.)
 */

type Tx = Prisma.TransactionClient;

export interface StartCallRow {
  uninstalled_at: Date | null;
  claimed: boolean;
  connection_id: string | null;
  email: string | null;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  access_token_expires_at: Date | null;
}

const startCall = statement<StartCallRow>(
  "workflow-action.startCall",
  `WITH claim AS (
     INSERT INTO workflow_calls (callback_id, portal_id, state, created_at)
     SELECT $2::text, hub_id, 'in_progress', $3::timestamptz FROM portals WHERE hub_id = $1::bigint
     ON CONFLICT DO NOTHING
     RETURNING 1)
   SELECT p.uninstalled_at, EXISTS (SELECT 1 FROM claim) AS claimed,
          c.id::text AS connection_id, c.email, c.access_token_enc, c.refresh_token_enc, c.access_token_expires_at
   FROM portals p LEFT JOIN zoom_connections c ON c.portal_id = p.hub_id AND c.status = 'active'
   WHERE p.hub_id = $1::bigint`,
  // Once per delivery: parsed and planned once per connection.
  { prepare: true },
);

/**
 * The portal (undefined when there is no portal row), its active Zoom connection with
 * its sealed tokens, and the claim of `callbackId` (inserted only when the portal
 * exists; `claimed` false when the callbackId was already there): one round trip.
 */
export async function claimCallWithPortal(db: Pick<Database, "sql">, callbackId: string, portalId: bigint): Promise<StartCallRow | undefined> {
  const [row] = await query(db.sql, startCall, [String(portalId), callbackId, new Date()]);
  return row;
}

/** Inserts the claim; false when the callbackId is already there. */
export async function insertClaim(tx: Tx, callbackId: string, portalId: bigint): Promise<boolean> {
  const inserted = await tx.workflowCall.createMany({ data: [{ callbackId, portalId, state: "in_progress" }], skipDuplicates: true });
  return inserted.count === 1;
}

export function findCall(tx: Tx, callbackId: string): Promise<WorkflowCall | null> {
  return tx.workflowCall.findUnique({ where: { callbackId } });
}

/** Takes over a claim still in progress since `claimedAt` (its owner died); false when someone else did first. */
export async function takeOverClaim(tx: Tx, callbackId: string, claimedAt: Date): Promise<boolean> {
  const taken = await tx.workflowCall.updateMany({ where: { callbackId, state: "in_progress", createdAt: claimedAt }, data: { createdAt: new Date() } });
  return taken.count === 1;
}

/** Stores the answer of a call in progress. */
export async function completeCall(tx: Tx, callbackId: string, response: Prisma.InputJsonValue): Promise<void> {
  await tx.workflowCall.updateMany({ where: { callbackId, state: "in_progress" }, data: { state: "done", response, completedAt: new Date() } });
}

/** Removes a claim still in progress. */
export async function deleteClaim(tx: Tx, callbackId: string): Promise<void> {
  await tx.workflowCall.deleteMany({ where: { callbackId, state: "in_progress" } });
}
