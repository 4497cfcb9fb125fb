import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Sql } from "../db/sql";
import type { Logger } from "../lib/logger";
import { findAbandonedJobs, requeueAbandonedJob, type AbandonedJob } from "./pgboss-tables";
import { deleteHeartbeat, deleteHeartbeatsOlderThan, writeHeartbeat } from "./repository";

/**
 * Crash recovery for jobs (issue #12). pg-boss 10 has no heartbeat: a job whose process
 * is killed stays `active` until it expires (up to an hour). So every process that works
 * jobs keeps a row in worker_heartbeats, refreshed every `beatMs` with the ids of the
 * jobs it is running, and sweeps: an active job that started more than `staleMs` ago and
 * that no fresh heartbeat names belongs to a dead process (or to one that never said it
 * had it), and is put back to run at once. A restarted process finds its predecessor's
 * jobs the same way, as does any other live worker while the first stays dead.
 *
 * Worst case from a crash to the job running again: staleMs + beatMs + a poll, about
 * 41 s with the defaults, inside the contract's 60 s. A live worker's jobs are never
 * swept, however long they run (its heartbeat names them), so `expireInSeconds` stays
 * generous. Jobs are idempotent, so one run twice (a job that ended a moment before its
 * sweep) changes nothing.
 */
export interface RecoveryTimings {
  /** How often the heartbeat is written and the sweep runs. */
  beatMs: number;
  /** A heartbeat older than this is a dead process. */
  staleMs: number;
}

export const DEFAULT_RECOVERY_TIMINGS: RecoveryTimings = { beatMs: 10_000, staleMs: 30_000 };

/** A job that died with its process this many times is failed through pg-boss instead (a job that crashes its worker). */
export const MAX_RECOVERIES = 5;

/** Heartbeats of processes gone this long are deleted. */
const FORGET_AFTER_SECONDS = 24 * 60 * 60;

export class JobRecovery {
  readonly processId = randomUUID();
  private readonly running = new Set<string>();
  private timer?: NodeJS.Timeout;
  private started?: Promise<void>;
  private ticking?: Promise<void>;
  /** When the last heartbeat could not be written (ms since epoch). */
  private lastBeatFailedAt = 0;

  constructor(
    private readonly sql: Sql,
    private readonly logger: Logger,
    /** pg-boss's public fail(), for a job past MAX_RECOVERIES. */
    private readonly failJob: (name: string, id: string, message: string) => Promise<unknown>,
    private readonly timings: RecoveryTimings = DEFAULT_RECOVERY_TIMINGS,
  ) {}

  /** Writes the first heartbeat and starts beating and sweeping; idempotent. */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.beat();
      this.timer = setInterval(() => void this.tick(), this.timings.beatMs);
      this.timer.unref();
      // A restarted process looks for its predecessor's jobs at once, not a beat later.
      void this.tick();
    })();
    return this.started;
  }

  /** Marks a job as running in this process (named in the next heartbeat). */
  track(jobId: string) {
    this.running.add(jobId);
  }

  untrack(jobId: string) {
    this.running.delete(jobId);
  }

  /** Stops beating and deletes the heartbeat, so the jobs still active (if any) are taken over without waiting. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking?.catch(() => undefined);
    if (!this.started) return;
    await deleteHeartbeat(this.sql, this.processId).catch((err: unknown) => {
      this.logger.warn({ err: (err as Error).message }, "could not delete this process's heartbeat");
    });
  }

  private tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      try {
        await this.beat();
        await this.sweep();
      } catch (err) {
        this.logger.warn({ err: (err as Error | undefined)?.message ?? err }, "job recovery: heartbeat or sweep failed; trying again");
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  private async beat(): Promise<void> {
    try {
      await writeHeartbeat(this.sql, { processId: this.processId, host: os.hostname(), pid: process.pid, jobIds: [...this.running] });
    } catch (err) {
      this.lastBeatFailedAt = Date.now();
      throw err;
    }
  }

  /** Puts back the jobs of dead processes; returns how many. */
  async sweep(): Promise<number> {
    // After a database outage every heartbeat is old, live ones included: sweep only once
    // this process has itself been beating for a full stale period, by when the others have too.
    if (Date.now() - this.lastBeatFailedAt < this.timings.staleMs) return 0;
    const abandoned = await findAbandonedJobs(this.sql, this.timings.staleMs / 1000);
    let recovered = 0;
    for (const job of abandoned) {
      if (await this.recover(job)) recovered++;
    }
    await deleteHeartbeatsOlderThan(this.sql, FORGET_AFTER_SECONDS);
    return recovered;
  }

  private async recover(job: AbandonedJob): Promise<boolean> {
    const log = { job: job.name, jobId: job.id, startedOn: job.startedOn, recoveries: job.recoveries };
    if (job.recoveries >= MAX_RECOVERIES) {
      // It died with its process every time: run it again only as pg-boss's retry policy allows.
      this.logger.error(log, "job recovery: job was interrupted by a crash too often; failing it");
      await this.failJob(job.name, job.id, `Interrupted by a process crash ${job.recoveries + 1} times`);
      return true;
    }
    const done = await requeueAbandonedJob(this.sql, job, "The process running this job stopped; it runs again");
    if (done) this.logger.warn(log, "job recovery: a job whose process stopped runs again");
    return done;
  }
}
