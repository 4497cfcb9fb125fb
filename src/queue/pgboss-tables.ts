import type { Sql } from "../db/sql";

/**
 * The only place the app reads or writes pg-boss's own table (pgboss.job, pg-boss 10).
 * pg-boss 10 keeps no heartbeat of its own: a job whose process died stays `active`
 * until its `expireInSeconds`, and its public API can neither list active jobs nor put
 * one back to run now. `fail()` would add the retry backoff (retryDelay·2ⁿ, past a
 * minute after a few retries) and end a job on its last attempt for good; `retry()`
 * only takes failed jobs. So these two statements, kept together and small: if pg-boss
 * changes its table, this file is what to check (test/reliability/crash-recovery.test.ts).
 */

export interface AbandonedJob {
  name: string;
  id: string;
  /** pg-boss's started_on as Postgres prints it (microseconds kept), to match exactly. */
  startedOn: string;
  /** Times this job was put back after its process died (kept in its output). */
  recoveries: number;
}

/**
 * Active jobs that started more than `staleSeconds` ago and that no live process (a
 * heartbeat fresher than `staleSeconds`) names as running: their process died, or
 * never said it had them.
 */
export function findAbandonedJobs(sql: Sql, staleSeconds: number, limit = 100): Promise<AbandonedJob[]> {
  return sql.query<AbandonedJob>(
    `SELECT j.name, j.id::text AS id, j.started_on::text AS "startedOn",
            CASE WHEN jsonb_typeof(j.output -> 'recoveries') = 'number' THEN (j.output ->> 'recoveries')::int ELSE 0 END AS recoveries
       FROM pgboss.job j
      WHERE j.state = 'active'
        AND j.started_on < now() - make_interval(secs => $1)
        AND NOT EXISTS (SELECT 1 FROM worker_heartbeats h
                         WHERE h.beat_at > now() - make_interval(secs => $1) AND j.id = ANY (h.job_ids))
      ORDER BY j.started_on
      LIMIT $2`,
    [staleSeconds, limit],
  );
}

/**
 * Puts an abandoned job back to run now: state `retry` with its start now, as pg-boss's
 * own fail() would but without the backoff. pg-boss counts the attempt when a worker
 * fetches it (retry_count + 1). Only if it is still the same attempt (same started_on),
 * so two sweepers, or a job a worker took again meanwhile, change nothing.
 */
export async function requeueAbandonedJob(sql: Sql, job: AbandonedJob, message: string): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE pgboss.job
        SET state = 'retry', start_after = now(),
            output = jsonb_build_object('message', $4::text, 'recoveries', $5::int)
      WHERE name = $1 AND id = $2::uuid AND state = 'active' AND started_on = $3::timestamptz
      RETURNING id`,
    [job.name, job.id, job.startedOn, message, job.recoveries + 1],
  );
  return rows.length > 0;
}
