import { GroupCommit } from "../db/group-commit";
import { inTransaction } from "../db/transaction";
import type { TransactionLike } from "../queue/queue";
import type { Services } from "../services";
import { processWebhookEventsJob } from "./jobs";
import type { IntakeEvent } from "./envelope";

type Recordable = Extract<IntakeEvent, { kind: "event" }>;

interface Pending {
  params: unknown[];
  businessKey: string;
  handled: boolean;
}

/** Rows per transaction; 7 parameters each stays far below Postgres's 65,535. */
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
 * written share the next transaction (one multi-row INSERT, one COMMIT); a request is
 * answered only after its event's transaction has committed. On real Postgres
 * the transaction runs on one pooled connection with plain SQL; on the embedded
 * database (one session for the process) it goes through Prisma, which takes turns.
 */
export class WebhookRecorder {
  private readonly commits = new GroupCommit<Pending, boolean>({
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    write: (batch) => this.write(batch),
  });

  constructor(private readonly s: Pick<Services, "db" | "queue">) {}

  async record(event: Recordable, trackingId: string | undefined, rawBody: Buffer): Promise<{ recorded: boolean }> {
    const recorded = await this.commits.submit({
      params: [
        trackingId ?? null,
        event.businessKey,
        event.type,
        event.accountId ?? null,
        event.eventTs === undefined ? null : String(event.eventTs),
        rawBody.toString("utf8"),
        event.handled ? "pending" : "ignored",
      ],
      businessKey: event.businessKey,
      handled: event.handled,
    });
    return { recorded };
  }

  /** Writes one batch in one transaction; which of its events were new. */
  private write(batch: Pending[]): Promise<boolean[]> {
    const work = async (tx: TransactionLike) => {
      const values = batch.map((_, i) => `(gen_random_uuid(), ${[1, 2, 3, 4, 5].map((k) => `$${i * 7 + k}`).join(", ")}, $${i * 7 + 6}::jsonb, $${i * 7 + 7})`);
      const rows = await tx.$queryRawUnsafe<{ id: string; business_key: string }[]>(
        `INSERT INTO webhook_events (id, tracking_id, business_key, event_type, account_id, event_ts, payload, status)
         VALUES ${values.join(", ")}
         ON CONFLICT (business_key) DO NOTHING
         RETURNING id::text AS id, business_key`,
        ...batch.flatMap((p) => p.params),
      );
      const inserted = new Map(rows.map((r) => [r.business_key, r.id]));
      const recorded: boolean[] = [];
      const toProcess: string[] = [];
      for (const p of batch) {
        const id = inserted.get(p.businessKey);
        // The same event twice in one batch: only its first copy counts as new.
        inserted.delete(p.businessKey);
        recorded.push(Boolean(id));
        if (id && p.handled) toProcess.push(id);
      }
      if (toProcess.length > 0) await this.s.queue.enqueue(processWebhookEventsJob, { eventIds: toProcess }, { tx });
      return recorded;
    };
    return inTransaction(this.s.db, work);
  }
}

