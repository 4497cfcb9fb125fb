import type { PrismaClient } from "../../db/database";
import { query, statement } from "../../db/statement";
import type { Sql } from "../../db/sql";

/** operator_alerts, owned by src/connections: one row per provider (src/connections/operator-alerts.ts). */

/**
 * Records the alert; a run of failures starts again (first_seen_at) after a resolution or
 * a quiet gap of `$4` seconds. `opened`: this call started a run.
 */
const record = statement<{ opened: boolean }>(
  "connections.recordOperatorAlert",
  `INSERT INTO operator_alerts (provider, code, message, first_seen_at, last_seen_at)
   VALUES ($1, $2, $3, now(), now())
   ON CONFLICT (provider) DO UPDATE SET
     code = EXCLUDED.code,
     message = EXCLUDED.message,
     first_seen_at = CASE
       WHEN operator_alerts.resolved_at IS NOT NULL
         OR operator_alerts.last_seen_at < now() - make_interval(secs => $4::double precision)
       THEN EXCLUDED.first_seen_at ELSE operator_alerts.first_seen_at END,
     last_seen_at = EXCLUDED.last_seen_at,
     resolved_at = NULL
   RETURNING first_seen_at = last_seen_at AS opened`,
);

const resolve = statement("connections.resolveOperatorAlert", `UPDATE operator_alerts SET resolved_at = now() WHERE provider = $1 AND resolved_at IS NULL`);

/** Whether this alert opened a run of failures. */
export async function recordOperatorAlert(sql: Sql, alert: { provider: string; code: string; message: string; quietGapSeconds: number }): Promise<boolean> {
  const [row] = await query(sql, record, [alert.provider, alert.code, alert.message, alert.quietGapSeconds]);
  return Boolean(row?.opened);
}

export async function resolveOperatorAlert(sql: Sql, provider: string): Promise<void> {
  await query(sql, resolve, [provider]);
}

export function openOperatorAlerts(prisma: Pick<PrismaClient, "operatorAlert">) {
  return prisma.operatorAlert.findMany({ where: { resolvedAt: null }, orderBy: { provider: "asc" } });
}
