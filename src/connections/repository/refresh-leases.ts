import { query, statement } from "../../db/statement";
import type { Sql } from "../../db/sql";

/**
 * refresh_leases, owned by src/connections: one row per connection whose token is being
 * refreshed, taken and given back with single statements on the pool (never inside a
 * transaction: src/connections/refresh-lease.ts).
 */

/** Takes the lease unless another holder's is still running; a row when taken. */
const take = statement<{ unknown_outcome_at: Date | string | null }>(
  "connections.takeRefreshLease",
  `INSERT INTO refresh_leases (key, holder, expires_at)
   VALUES ($1, $2, now() + make_interval(secs => $3::double precision))
   ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
     WHERE refresh_leases.expires_at <= now()
   RETURNING unknown_outcome_at`,
);

const read = statement<{ holder: string; unknown_outcome_at: Date | string | null }>(
  "connections.readRefreshLease",
  `SELECT holder, unknown_outcome_at FROM refresh_leases WHERE key = $1`,
);

const remove = statement("connections.deleteRefreshLease", `DELETE FROM refresh_leases WHERE key = $1 AND holder = $2`);

const expire = statement("connections.expireRefreshLease", `UPDATE refresh_leases SET expires_at = now() WHERE key = $1 AND holder = $2`);

const handOver = statement(
  "connections.handOverRefreshLease",
  `UPDATE refresh_leases SET holder = $4, unknown_outcome_at = now(), expires_at = now() + make_interval(secs => $3::double precision)
   WHERE key = $1 AND holder = $2`,
);

/** The lease for `seconds`, unless another holder's is running: the taken row, or none. */
export async function takeRefreshLease(sql: Sql, key: string, holder: string, seconds: number) {
  const [taken] = await query(sql, take, [key, holder, seconds]);
  return taken;
}

export async function readRefreshLease(sql: Sql, key: string) {
  const [held] = await query(sql, read, [key]);
  return held;
}

export async function deleteRefreshLease(sql: Sql, key: string, holder: string): Promise<void> {
  await query(sql, remove, [key, holder]);
}

/** The lease ends now: the next caller may take it at once. */
export async function expireRefreshLease(sql: Sql, key: string, holder: string): Promise<void> {
  await query(sql, expire, [key, holder]);
}

/** Notes a lost answer and gives the lease to `nextHolder` for `seconds` (the cool-down). */
export async function handOverRefreshLease(sql: Sql, key: string, holder: string, seconds: number, nextHolder: string): Promise<void> {
  await query(sql, handOver, [key, holder, seconds, nextHolder]);
}
