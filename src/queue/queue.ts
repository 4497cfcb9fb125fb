import { setTimeout as sleep } from "node:timers/promises";
import PgBoss from "pg-boss";
import type { z } from "zod";
import type { Database } from "../db/database";
import type { TransactionLike } from "../db/transaction";
import type { Logger } from "../lib/logger";
import { embeddedExecutor, transactionExecutor } from "./pgboss-db";
import { JobRecovery, type RecoveryTimings } from "./recovery";

/**
 * A small typed layer over pg-boss. A job is defined once (name, payload schema, retry
 * policy); the same definition is used to enqueue it, also inside a Prisma transaction
 * so the job exists exactly when the transaction's rows do, and to work it.
 */

export interface JobDefinition<T> {
  name: string;
  schema: z.ZodType<T>;
  /** Attempts after the first one. */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff`. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** An attempt running longer than this is failed (and retried). */
  expireInSeconds: number;
  /**
   * pg-boss queue policy. "short" keeps at most one queued (not yet started) job per
   * singletonKey; with "standard" a singletonKey does not deduplicate.
   */
  policy: "standard" | "short";
}

export function defineJob<T>(definition: {
  name: string;
  schema: z.ZodType<T>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  policy?: "standard" | "short";
}): JobDefinition<T> {
  return {
    policy: "standard",
    retryLimit: 5,
    retryDelaySeconds: 5,
    retryBackoff: true,
    expireInSeconds: 15 * 60,
    ...definition,
  };
}

/** What a handler learns about the attempt it runs. */
export interface JobContext {
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** True when a failure now ends the job in the failed state. */
  isLastAttempt: boolean;
}

export interface WorkOptions<T> {
  /** Jobs of this kind run at the same time in this process. */
  concurrency?: number;
  /** Called once when a job has failed its last attempt (for logs and audit trails). */
  onExhausted?: (data: T, error: unknown, ctx: JobContext) => Promise<void> | void;
}

/** Defined with the transactions (src/db/transaction.ts); named here too for the queue's callers. */
export type { TransactionLike };

export interface EnqueueOptions {
  /** Enqueue inside this Prisma transaction: a rollback leaves no job. */
  tx?: TransactionLike;
  /** At most one queued job with this key per queue (pg-boss `singletonKey`). */
  singletonKey?: string;
  startAfterSeconds?: number;
}

/** How often pg-boss 10 checks that the workers it is stopping have stopped (manager.offWork: `delay(1000)`). */
const PGBOSS_STOP_POLL_MS = 1000;

export class JobQueue {
  private readonly workerIds = new Map<string, string[]>();
  private readonly registered = new Set<string>();
  private readonly registering = new Map<string, Promise<void>>();
  private stopped = false;
  /** The batches pg-boss's workers are running now (a worker is busy until its batch returns). */
  private readonly busy = new Set<Promise<void>>();
  /** Heartbeat and sweep of dead processes' jobs; started with the first worker (src/queue/recovery.ts). */
  private readonly recovery: JobRecovery;

  private constructor(
    private readonly boss: PgBoss,
    private readonly logger: Logger,
    private readonly pollingIntervalSeconds: number,
    db: Database,
    recoveryTimings?: RecoveryTimings,
  ) {
    this.recovery = new JobRecovery(db.sql, logger, (name, id, message) => boss.fail(name, id, { message }), recoveryTimings);
  }

  static async start(
    db: Database,
    logger: Logger,
    options: {
      pollingIntervalSeconds?: number;
      maintenance?: boolean;
      /** Send the jobs of `schedule()` when due (pg-boss's cron monitor); defaults to `maintenance`. */
      cron?: boolean;
      /** Queues created at start, so no request or transaction waits for their creation. */
      jobs?: JobDefinition<unknown>[];
      /** Crash recovery's heartbeat and staleness (tests); see src/queue/recovery.ts. */
      recovery?: RecoveryTimings;
    } = {},
  ): Promise<JobQueue> {
    const common = {
      schema: "pgboss",
      supervise: options.maintenance ?? true,
      schedule: options.cron ?? options.maintenance ?? true,
      migrate: true,
    };
    const boss =
      db.kind === "postgres"
        ? new PgBoss({ ...common, connectionString: db.connectionString, max: 4, application_name: "jobs" })
        : new PgBoss({ ...common, db: { executeSql: embeddedExecutor(db) } });
    // pg-boss reports its pool's and its loops' errors here (a lost connection included)
    // and carries on: its pool reconnects and its workers fetch again at the next poll.
    // Unhandled, an 'error' event would end the process.
    boss.on("error", (err) => logger.error({ err: { message: err.message, code: (err as { code?: string }).code } }, "job queue error"));
    await boss.start();
    const queue = new JobQueue(boss, logger, options.pollingIntervalSeconds ?? 1, db, options.recovery);
    for (const def of options.jobs ?? []) await queue.register(def);
    return queue;
  }

  /**
   * Creates (or updates) the queue of a job definition. Idempotent; concurrent callers
   * share one registration (pg-boss's createQueue run twice at once can deadlock in
   * Postgres). Two processes starting together can still collide: Postgres then ends
   * one as a deadlock, and it tries again a few times; after that the next caller does.
   */
  register(def: JobDefinition<unknown>): Promise<void> {
    if (this.registered.has(def.name)) return Promise.resolve();
    let running = this.registering.get(def.name);
    if (!running) {
      running = this.createOrUpdateQueue(def).finally(() => this.registering.delete(def.name));
      this.registering.set(def.name, running);
    }
    return running;
  }

  private async createOrUpdateQueue(def: JobDefinition<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.createOrUpdateQueueOnce(def);
        return;
      } catch (err) {
        if (attempt >= 5) throw err;
        this.logger.warn({ err, queue: def.name, attempt }, "creating a job queue failed; trying again");
        await sleep(100 * attempt + Math.random() * 100);
      }
    }
  }

  private async createOrUpdateQueueOnce(def: JobDefinition<unknown>): Promise<void> {
    const policy = {
      retryLimit: def.retryLimit,
      retryDelay: def.retryDelaySeconds,
      retryBackoff: def.retryBackoff,
      expireInSeconds: def.expireInSeconds,
    };
    const existing = await this.boss.getQueue(def.name);
    // updateQueue without `policy` would set it back to "standard" at every start.
    if (existing) await this.boss.updateQueue(def.name, { name: def.name, policy: def.policy, ...policy });
    else await this.boss.createQueue(def.name, { name: def.name, policy: def.policy, ...policy });
    this.registered.add(def.name);
  }

  async enqueue<T>(def: JobDefinition<T>, data: T, options: EnqueueOptions = {}): Promise<string | null> {
    const payload = def.schema.parse(data) as object;
    await this.register(def);
    const tx = options.tx;
    const id = await this.boss.send(def.name, payload, {
      singletonKey: options.singletonKey,
      startAfter: options.startAfterSeconds,
      ...(tx && { db: { executeSql: transactionExecutor(tx) } }),
    });
    // Wake this process's workers now rather than at their next poll; after a
    // transaction the job may not be visible yet, and the poll picks it up anyway.
    if (!tx) this.wake(def.name);
    return id;
  }

  /**
   * Sends this job on a cron schedule (UTC), kept in the database: every process may
   * declare it (the same name replaces the same schedule), and the processes that run
   * the cron monitor (`cron`) send it once when due, across processes.
   */
  async schedule<T>(def: JobDefinition<T>, cron: string, data: T): Promise<void> {
    const payload = def.schema.parse(data) as object;
    await this.register(def);
    await this.boss.schedule(def.name, cron, payload, { tz: "UTC" });
  }

  /** Runs `handler` for each job of this kind; a throw fails the attempt (retried per the definition). */
  async work<T>(
    def: JobDefinition<T>,
    handler: (data: T, ctx: JobContext) => Promise<void>,
    options: WorkOptions<T> = {},
  ): Promise<void> {
    await this.register(def);
    // A process that works jobs keeps a heartbeat naming them, and sweeps up dead processes' jobs.
    await this.recovery.start();
    const batchSize = Math.max(1, options.concurrency ?? 1);
    let workerId = "";
    workerId = await this.boss.work<unknown>(
      def.name,
      { batchSize, includeMetadata: true, pollingIntervalSeconds: this.pollingIntervalSeconds },
      async (jobs) => {
        const batch = Promise.all(jobs.map((job) => this.runOne(def, handler, options, job))).then(() => undefined);
        this.busy.add(batch);
        try {
          await batch;
        } finally {
          this.busy.delete(batch);
        }
        // A full batch suggests more are waiting: fetch again without sleeping.
        if (jobs.length === batchSize) this.boss.notifyWorker(workerId);
      },
    );
    this.workerIds.set(def.name, [...(this.workerIds.get(def.name) ?? []), workerId]);
  }

  private async runOne<T>(
    def: JobDefinition<T>,
    handler: (data: T, ctx: JobContext) => Promise<void>,
    options: WorkOptions<T>,
    job: PgBoss.JobWithMetadata<unknown>,
  ): Promise<void> {
    const ctx: JobContext = {
      jobId: job.id,
      retryCount: job.retryCount,
      isLastAttempt: job.retryCount >= job.retryLimit,
    };
    const parsed = def.schema.safeParse(job.data);
    this.recovery.track(job.id);
    try {
      if (!parsed.success) throw new Error(`Job ${def.name} has an invalid payload: ${parsed.error.message}`);
      await handler(parsed.data, ctx);
    } catch (err) {
      const log = { err, job: def.name, jobId: job.id, attempt: job.retryCount + 1 };
      if (ctx.isLastAttempt || !parsed.success) {
        this.logger.error(log, "job failed for good");
        if (parsed.success) await this.reportExhausted(options, parsed.data, err, ctx);
      } else {
        this.logger.warn(log, "job attempt failed; it will be retried");
      }
      const message = err instanceof Error ? err.message : String(err);
      await this.boss.fail(def.name, job.id, { message });
    } finally {
      this.recovery.untrack(job.id);
    }
  }

  private async reportExhausted<T>(options: WorkOptions<T>, data: T, err: unknown, ctx: JobContext) {
    try {
      await options.onExhausted?.(data, err, ctx);
    } catch (hookErr) {
      this.logger.error({ err: hookErr }, "job failure hook failed");
    }
  }

  private wake(name: string) {
    for (const id of this.workerIds.get(name) ?? []) this.boss.notifyWorker(id);
  }

  /** pg-boss's view of one job, for tests and admin tools. */
  getJob(def: JobDefinition<unknown>, id: string) {
    return this.boss.getJobById(def.name, id, { includeArchive: true });
  }

  /**
   * Stops fetching, waits for running jobs (up to `timeoutMs`), and releases the pool.
   * Returns once nothing of pg-boss is left scheduled: a worker stopped in the middle of a
   * batch ends when the batch returns, and pg-boss notices that on a poll of its own, once
   * a second (pg-boss 10 `manager.offWork`); a process (or a test) that goes on after
   * stop() would otherwise meet that poll later.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const busyAtStop = this.busy.size > 0;
    const deadline = Date.now() + timeoutMs;
    await new Promise<void>((resolve) => {
      this.boss.once("stopped", () => resolve());
      this.boss.stop({ graceful: true, wait: false, timeout: timeoutMs }).catch(() => resolve());
    });
    while (this.busy.size > 0 && Date.now() < deadline) await sleep(50);
    if (busyAtStop) await sleep(PGBOSS_STOP_POLL_MS + 100);
    await this.recovery.stop();
  }
}
