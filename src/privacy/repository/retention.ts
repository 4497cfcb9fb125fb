import { count, statement, type Runner } from "../../db/statement";

/**
 * The retention statements (src/privacy/retention.ts): each empties or deletes at most
 * `$2` rows, so no run holds long locks on a busy table.
 */

/** Zoom's bodies processed (or, for those ignored at intake, received) before $1. */
const emptyZoomBodies = statement<{ n: number }>(
  "privacy.emptyExpiredZoomBodies",
  `WITH done AS (
     UPDATE webhook_events SET payload = NULL
      WHERE id IN (SELECT id FROM webhook_events
                    WHERE payload IS NOT NULL AND status <> 'pending'
                      AND COALESCE(processed_at, received_at) < $1::timestamptz
                    LIMIT $2)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** HubSpot's bodies processed before $1. */
const emptyHubSpotBodies = statement<{ n: number }>(
  "privacy.emptyExpiredHubSpotBodies",
  `WITH done AS (
     UPDATE hubspot_webhook_events SET payload = NULL
      WHERE id IN (SELECT id FROM hubspot_webhook_events
                    WHERE payload IS NOT NULL AND status <> 'pending'
                      AND COALESCE(processed_at, received_at) < $1::timestamptz
                    LIMIT $2)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

/** Workflow-action records first delivered before $1. */
const deleteWorkflowCalls = statement<{ n: number }>(
  "privacy.deleteExpiredWorkflowCalls",
  `WITH done AS (
     DELETE FROM workflow_calls
      WHERE callback_id IN (SELECT callback_id FROM workflow_calls WHERE created_at < $1::timestamptz LIMIT $2)
     RETURNING 1)
   SELECT count(*)::int AS n FROM done`,
);

export const emptyExpiredZoomBodies = (on: Runner, before: Date, limit: number) => count(on, emptyZoomBodies, [before, limit]);
export const emptyExpiredHubSpotBodies = (on: Runner, before: Date, limit: number) => count(on, emptyHubSpotBodies, [before, limit]);
export const deleteExpiredWorkflowCalls = (on: Runner, before: Date, limit: number) => count(on, deleteWorkflowCalls, [before, limit]);
