import { inTransaction } from "../db/transaction";
import type { TransactionLike } from "../queue/queue";
import type { Services } from "../services";
import { processWebhookEventsJob } from "../webinars/jobs";
import type { IntakeEvent } from "./envelope";

type Recordable = Extract<IntakeEvent, { kind: "event" }>;

interface Pending {
  params: unknown[];
  businessKey: string;
  handled: boolean;
  done: (err: unknown, result?: { recorded: boolean }) => void;
}

/** Rows per transaction; 7 parameters each stays far below Postgres's 65,535. */
const MAX_BATCH = 200;
/** Transactions recording events at the same time (the pool has 10 connections). */
const MAX_IN_FLIGHT = 3;

/**
 * Records signed events durably, once, with their processing job in the same
 * transaction: a recorded event always has its job, a rolled-back one has none.
 *
 * One row per delivery (x-zm-trackingid) and per business key (the same event about
 * the same object and person): `ON CONFLICT DO NOTHING` covers both unique
 * constraints, so a redelivery changes nothing.
 *
 * Group commit: events arriving while earlier ones are being written share the next
 * transaction (one multi-row INSERT, one COMMIT). Each request is answered only after
 * the transaction holding its event has committed, so nothing acknowledged can be lost;
 * under a burst this turns one commit per event into one per batch. On real Postgres
 * the transaction runs on one pooled connection with plain SQL; on the embedded
 * database (one session for the process) it goes through Prisma, which takes turns.
 */
export class WebhookRecorder {
  private queued: Pending[] = [];
  private inFlight = 0;

  constructor(private readonly s: Pick<Services, "db" | "queue">) {}

  async record(event: Recordable, trackingId: string | undefined, rawBody: Buffer): Promise<{ recorded: boolean }> {
    return new Promise((resolve, reject) => {
      this.queued.push({
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
        done: (err, result) => (err ? reject(err) : resolve(result!)),
      });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < MAX_IN_FLIGHT && this.queued.length > 0) {
      const batch = this.queued.splice(0, MAX_BATCH);
      this.inFlight++;
      this.writeIsolatingFailures(batch)
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  /**
   * A batch that fails is written again one event per transaction, so one event the
   * database refuses fails alone instead of taking its neighbours with it.
   */
  private async writeIsolatingFailures(batch: Pending[]): Promise<void> {
    try {
      const recorded = await this.write(batch);
      batch.forEach((p, i) => p.done(null, { recorded: recorded[i] }));
    } catch (err) {
      if (batch.length === 1) return batch[0].done(err);
      for (const p of batch) {
        await this.write([p]).then(([recorded]) => p.done(null, { recorded }), (e) => p.done(e));
      }
    }
  }

  /** Writes one batch in one transaction; which of its events were new. */
  private write(batch: Pending[]): Promise<boolean[]> {
    const work = async (tx: TransactionLike) => {
      const values = batch.map((_, i) => `(gen_random_uuid(), ${[1, 2, 3, 4, 5].map((k) => `$${i * 7 + k}`).join(", ")}, $${i * 7 + 6}::jsonb, $${i * 7 + 7})`);
      const rows = await tx.$queryRawUnsafe<{ id: string; business_key: string }[]>(
        `INSERT INTO webhook_events (id, tracking_id, business_key, event_type, account_id, event_ts, payload, status)
         VALUES ${values.join(", ")}
         ON CONFLICT DO NOTHING
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

