import type { Sql } from "../db/sql";
import { deleteRefreshLease, expireRefreshLease, handOverRefreshLease, readRefreshLease, takeRefreshLease } from "./repository/refresh-leases";

/**
 * A short lease per connection on its token refresh, shared by every process: one row
 * of refresh_leases, taken and given back with single statements (never a transaction
 * held across the HTTP call, so the embedded database's one session stays free and no
 * Postgres session sits "idle in transaction"). It expires on its own if its holder dies.
 */
export interface LeaseState {
  /** The lease is ours. */
  acquired: boolean;
  /** When the last holder's refresh got no answer (the grant may have been used), if ever. */
  unknownOutcomeAt: Date | null;
  /** Not ours, and nobody is refreshing: the cool-down after a lost answer is running. */
  coolingDown: boolean;
}

/** The holder of a lease in its cool-down after a lost answer: no process. */
const COOLING_DOWN = "";

export class RefreshLeases {
  constructor(private readonly sql: Sql) {}

  /** Takes the lease for `ttlMs` unless another holder's lease is still running. */
  async acquire(key: string, holder: string, ttlMs: number): Promise<LeaseState> {
    const taken = await takeRefreshLease(this.sql, key, holder, ttlMs / 1000);
    if (taken) return { acquired: true, unknownOutcomeAt: toDate(taken.unknown_outcome_at), coolingDown: false };
    const held = await readRefreshLease(this.sql, key);
    return { acquired: false, unknownOutcomeAt: toDate(held?.unknown_outcome_at ?? null), coolingDown: held?.holder === COOLING_DOWN };
  }

  /** The refresh was stored: the lease and any note of an earlier lost answer go. */
  async succeeded(key: string, holder: string) {
    await deleteRefreshLease(this.sql, key, holder);
  }

  /** The refresh failed with an answer: the next caller may try at once. */
  async release(key: string, holder: string) {
    await expireRefreshLease(this.sql, key, holder);
  }

  /**
   * The refresh got no answer: noted, and the lease kept for `cooldownMs` so that no
   * process immediately sends the same (possibly rotated) refresh token again.
   */
  async outcomeUnknown(key: string, holder: string, cooldownMs: number) {
    await handOverRefreshLease(this.sql, key, holder, cooldownMs / 1000, COOLING_DOWN);
  }
}

function toDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}
