import { query, statement } from "../db/statement";
import type { Sql } from "../db/sql";

/**
 * worker_heartbeats (owned by src/queue): one row per process that works jobs, naming the
 * jobs it runs (src/queue/recovery.ts). pg-boss's own table is read and written in
 * src/queue/pgboss-tables.ts, the one place that knows it.
 */

const beat = statement(
  "queue.beat",
  `INSERT INTO worker_heartbeats (id, host, pid, job_ids) VALUES ($1::uuid, $2, $3::int, $4::uuid[])
   ON CONFLICT (id) DO UPDATE SET beat_at = now(), job_ids = EXCLUDED.job_ids`,
);

const forgetHeartbeat = statement("queue.forgetHeartbeat", `DELETE FROM worker_heartbeats WHERE id = $1::uuid`);

const forgetHeartbeatsOlderThan = statement(
  "queue.forgetHeartbeatsOlderThan",
  `DELETE FROM worker_heartbeats WHERE beat_at < now() - make_interval(secs => $1::double precision)`,
);

/** This process is alive and runs these jobs. */
export async function writeHeartbeat(sql: Sql, beatOf: { processId: string; host: string; pid: number; jobIds: string[] }): Promise<void> {
  await query(sql, beat, [beatOf.processId, beatOf.host, beatOf.pid, beatOf.jobIds]);
}

/** This process stops working jobs. */
export async function deleteHeartbeat(sql: Sql, processId: string): Promise<void> {
  await query(sql, forgetHeartbeat, [processId]);
}

/** Heartbeats of processes gone this long. */
export async function deleteHeartbeatsOlderThan(sql: Sql, seconds: number): Promise<void> {
  await query(sql, forgetHeartbeatsOlderThan, [seconds]);
}
