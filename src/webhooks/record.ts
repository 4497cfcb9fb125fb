import type { Database } from "../db/database";
import { GroupCommit } from "../db/group-commit";
import { inTransaction, type TransactionLike } from "../db/transaction";
import type { JobQueue } from "../queue/queue";
import { processWebhookEventsJob } from "./jobs";
import { insertWebhookEvents, type NewWebhookEvent } from "./repository";
import type { IntakeEvent } from "./envelope";

type Recordable = Extract<IntakeEvent, { kind: "event" }>;

/** Rows per transaction (one INSERT of arrays). */
const MAX_BATCH = 200;
/** Transactions recording events at the same time (the pool has 10 connections). */
const MAX_IN_FLIGHT = 3;

/**
 * Records signed events durably, once, with their processing job in the same
 * transaction: a recorded event always has its job, a rolled-back one has none.
 *
 * One row per business key (the same event about the same object and person):
 * `ON CONFLICT DO NOTHING` on its unique constraint, so a redelivery (same tracking
 * id, same event; or the same event under a new tracking id) changes nothing. The
 * tracking id (x-zm-trackingid) is kept for information only: a different event that
 * reuses an already-seen tracking id is still recorded.
 *
 * Group commit (src/db/group-commit.ts): events arriving while earlier ones are being
 * written share the next transaction (one INSERT of arrays, one COMMIT); a request is
 * answered only after its event's transaction has committed. On real Postgres
 * the transaction runs on one pooled connection with plain SQL, its two statements (the
 * events' INSERT of arrays, pg-boss's job INSERT) both of fixed text and so prepared once
 * per connection; on the embedded database (one session for the process) it goes
 * through Prisma, which takes turns.
 */
export class WebhookRecorder {
  private readonly commits = new GroupCommit<NewWebhookEvent, boolean>({
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    write: (batch) => this.write(batch),
  });

  constructor(private readonly deps: { db: Database; queue: Pick<JobQueue, "enqueue"> }) {}

  async record(event: Recordable, trackingId: string | undefined, rawBody: Buffer): Promise<{ recorded: boolean }> {
    const recorded = await this.commits.submit({
      trackingId: trackingId ?? null,
      businessKey: event.businessKey,
      eventType: event.type,
      accountId: event.accountId ?? null,
      eventTs: event.eventTs === undefined ? null : String(event.eventTs),
      payload: rawBody.toString("utf8"),
      status: event.handled ? "pending" : "ignored",
    });
    return { recorded };
  }

  /** Writes one batch in one transaction; which of its events were new. */
  private write(batch: NewWebhookEvent[]): Promise<boolean[]> {
    const work = async (tx: TransactionLike) => {
      const inserted = await insertWebhookEvents(tx, batch);
      const recorded: boolean[] = [];
      const toProcess: string[] = [];
      for (const event of batch) {
        const id = inserted.get(event.businessKey);
        // The same event twice in one batch: only its first copy counts as new.
        inserted.delete(event.businessKey);
        recorded.push(Boolean(id));
        if (id && event.status === "pending") toProcess.push(id);
      }
      if (toProcess.length > 0) await this.deps.queue.enqueue(processWebhookEventsJob, { eventIds: toProcess }, { tx });
      return recorded;
    };
    return inTransaction(this.deps.db, work, { prepare: true });
  }
}

