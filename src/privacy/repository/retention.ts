import { count, statement, type Runner } from "../../db/statement";

/**
 * The retention statements (src/privacy/retention.ts): each empties or deletes at most
 * `$2` rows, so no run holds long locks on a busy table.
 */

/** Empties a webhook table's bodies processed before $1 (at most $2 rows): the same statement for both intakes. */
const emptyBodiesOf = (name: string, table: "webhook_events" | "hubspot_webhook_events") =>
  statement<{ n: number }>(
    name,
    `WITH done AS (
       UPDATE ${table} SET payload = NULL
        WHERE id IN (SELECT id FROM ${table}
                      WHERE payload IS NOT NULL AND status <> 'pending'
                        AND COALESCE(processed_at, received_at) < $1::timestamptz
                      LIMIT $2)
       RETURNING 1)
     SELECT count(*)::int AS n FROM done`,
  );

/** Zoom's bodies processed (or, for those ignored at intake, received) before $1. */
const emptyZoomBodies = emptyBodiesOf("privacy.emptyExpiredZoomBodies", "webhook_events");

/** HubSpot's bodies processed before $1. */
const emptyHubSpotBodies = emptyBodiesOf("privacy.emptyExpiredHubSpotBodies", "hubspot_webhook_events");

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
